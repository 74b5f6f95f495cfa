package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.http.api.StatusFilters;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.store.FilterStore;
import org.plutro.server.store.StatusViewStore.Stamps;

/**
 * Posts made ready for a signed-in member's pages through the API's own presenter and filters:
 * what a page shows is what the member's apps show.
 */
public final class MemberPosts {
  private final StatusPresenter presenter;
  private final FilterStore filters;

  public MemberPosts(StatusPresenter presenter, FilterStore filters) {
    this.presenter = presenter;
    this.filters = filters;
  }

  /** These posts, in this order, as {@code viewer} sees them; filtered for {@code context}. */
  public Future<List<MemberPost>> byIds(List<Long> ids, long viewer, String context) {
    return presenter.render(ids, viewer).compose(page -> views(page, viewer, context));
  }

  /** A page read with its stamps (the home timeline). */
  public Future<List<MemberPost>> of(Stamps stamps, long viewer, String context) {
    return presenter.render(stamps, viewer).compose(page -> views(page, viewer, context));
  }

  private Future<List<MemberPost>> views(StatusPresenter.Rendered page, long viewer, String context) {
    Future<JsonArray> shown = page.viewerHasFilters()
        ? StatusFilters.apply(filters, viewer, context, page.toJsonArray())
        : Future.succeededFuture(page.toJsonArray());
    return shown.map(array -> {
      List<MemberPost> posts = new ArrayList<>(array.size());
      array.forEach(item -> posts.add(new MemberPost((JsonObject) item, viewer)));
      return posts;
    });
  }
}
