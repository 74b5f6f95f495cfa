package org.plutro.server.http;

import io.vertx.ext.web.RoutingContext;
import org.plutro.server.service.Search;
import org.plutro.server.store.Page;

/**
 * A search as Mastodon's parameters name it ({@code resolve}, {@code type}, {@code limit},
 * {@code offset}, {@code following}, {@code account_id}), read alike by the API and the page.
 */
public final class SearchQueries {
  private SearchQueries() {}

  /** {@code resolveByDefault}: what an absent {@code resolve} means (the page resolves). */
  public static Search.Query of(RoutingContext ctx, String q, int defaultLimit, boolean resolveByDefault) {
    String resolve = ctx.request().getParam("resolve");
    Page page = Pagination.mastodonPage(ctx, defaultLimit);
    return new Search.Query(q.strip(),
        resolve == null ? resolveByDefault : "true".equalsIgnoreCase(resolve),
        ctx.request().getParam("type"), page, offset(ctx.request().getParam("offset")),
        "true".equalsIgnoreCase(ctx.request().getParam("following")),
        ctx.request().getParam("account_id"));
  }

  private static int offset(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Math.min(10_000, Integer.parseInt(value.strip())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
