package org.plutro.server.http.web.compose;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.PostView;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.VisitorPosts;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.StatusEditStore;
import org.plutro.server.store.StatusEditStore.Version;
import org.plutro.server.store.StatusStore;
import org.plutro.server.text.Html;

/**
 * {@code /statuses/:id/history}: every version of a post, newest first, each with its time: the
 * versions {@code GET /api/v1/statuses/:id/history} gives, shown to whoever may see the post
 * (anyone for a public or unlisted one); anyone else gets a 404.
 */
public final class HistoryPage {
  /** One version as the page shows it. */
  public record Shown(String time, String timeText, String spoiler, String contentHtml, boolean current) {}

  private final Visits visits;
  private final Pages pages;
  private final StatusStore statuses;
  private final StatusVisibility visibility;
  private final StatusEditStore statusEdits;
  private final VisitorPosts visitorPosts;

  public HistoryPage(Visits visits, Pages pages, StatusStore statuses, StatusVisibility visibility,
      StatusEditStore statusEdits, VisitorPosts visitorPosts) {
    this.visits = visits;
    this.pages = pages;
    this.statuses = statuses;
    this.visibility = visibility;
    this.statusEdits = statusEdits;
    this.visitorPosts = visitorPosts;
  }

  public void mount(Router router) {
    router.get("/statuses/:id/history").handler(this::show);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.of(ctx).compose(visit -> visible(Optional.ofNullable(visit.member()), id)
        .compose(status -> visitorPosts.of(List.of(status)))
        .compose(views -> views.isEmpty()
            ? Future.<Void>failedFuture(ServiceException.notFound("Record not found"))
            : statusEdits.versions(id).map(versions -> {
              PostView post = views.get(0);
              pages.send(ctx, "compose/history.jte", visit.frame("Edit history").hiddenFromSearch(),
                  Map.of("post", post, "versions", shown(post.status(), versions)));
              return null;
            })))
        .onFailure(ctx::fail);
  }

  /** Newest first; a post never edited has one version, itself. */
  private static List<Shown> shown(Status status, List<Version> versions) {
    List<Version> all = versions.isEmpty() ? List.of(new Version(status.content(), status.sourceText(),
        status.spoilerText(), status.sensitive(), status.language(), status.createdAt())) : versions;
    List<Shown> shown = new java.util.ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      Version v = all.get(i);
      shown.add(new Shown(Times.iso(v.createdAt()), Times.readable(v.createdAt()),
          v.spoilerText() == null ? "" : v.spoilerText(), Html.sanitize(v.content()), i == all.size() - 1));
    }
    return shown;
  }

  /** A live post (not a share) the viewer may see, or 404: never a hint that it exists. */
  private Future<Status> visible(Optional<org.plutro.server.domain.Account> viewer, long id) {
    return statuses.byId(id).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return visibility.maySee(viewer, found.get()).compose(seen -> seen
          ? Future.succeededFuture(found.get())
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }
}
