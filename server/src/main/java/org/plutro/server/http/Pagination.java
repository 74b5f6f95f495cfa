package org.plutro.server.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.plutro.server.store.Page;

/** Mastodon's Link header: {@code next} pages back with max_id, {@code prev} forward with min_id. */
public final class Pagination {
  private Pagination() {}

  public static Page page(RoutingContext ctx, int maxLimit) {
    return Page.of(ctx.request().getParam("max_id"), ctx.request().getParam("since_id"),
        ctx.request().getParam("min_id"), ctx.request().getParam("limit"), maxLimit);
  }

  /** Sets the Link header for a page whose items have these cursors, newest first. */
  public static void link(RoutingContext ctx, String base, List<Long> cursors) {
    if (cursors.isEmpty()) {
      return;
    }
    String path = base + ctx.request().path();
    String limit = ctx.request().getParam("limit");
    String extra = limit == null ? "" : "&limit=" + limit;
    ctx.response().putHeader("Link",
        "<" + path + "?max_id=" + cursors.get(cursors.size() - 1) + extra + ">; rel=\"next\", "
            + "<" + path + "?min_id=" + cursors.get(0) + extra + ">; rel=\"prev\"");
  }
}
