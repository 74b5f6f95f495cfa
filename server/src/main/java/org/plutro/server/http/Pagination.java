package org.plutro.server.http;

import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.plutro.server.store.Page;

/** Mastodon's Link header: {@code next} pages back with max_id, {@code prev} forward with min_id. */
public final class Pagination {
  private Pagination() {}

  public static Page page(RoutingContext ctx, int maxLimit) {
    return Page.of(ctx.request().getParam("max_id"), ctx.request().getParam("since_id"),
        ctx.request().getParam("min_id"), ctx.request().getParam("limit"), maxLimit);
  }

  /**
   * Mastodon's reading of {@code limit}: absent gives the default, anything else its integer
   * value (Ruby's {@code to_i}: leading digits, else 0) made positive and capped at twice the
   * default. A limit of 0 is an empty page.
   */
  public static Page mastodonPage(RoutingContext ctx, int defaultLimit) {
    String limit = ctx.request().getParam("limit");
    int parsed = limit == null ? defaultLimit : Math.min(Math.abs(rubyInteger(limit)), defaultLimit * 2);
    return new Page(Page.id(ctx.request().getParam("max_id")),
        Page.id(ctx.request().getParam("since_id")), Page.id(ctx.request().getParam("min_id")),
        parsed);
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

  /**
   * Mastodon's Link header, as Rails writes it: the request's permitted parameters plus the
   * cursor, in alphabetical order. {@code next} (max_id = the last cursor) only when
   * {@code hasNext}; {@code prev} ({@code prevParam} = the first cursor) whenever the page has
   * items; no header for an empty page.
   */
  public static void links(RoutingContext ctx, String base, List<Long> cursors, boolean hasNext,
      String prevParam, String... permitted) {
    if (cursors.isEmpty()) {
      return;
    }
    Map<String, String> kept = new TreeMap<>();
    for (String name : permitted) {
      List<String> values = ctx.queryParam(name);
      if (!values.isEmpty()) {
        kept.put(name, values.get(0));
      }
    }
    String path = base + ctx.request().path();
    StringJoiner header = new StringJoiner(", ");
    if (hasNext) {
      header.add("<" + url(path, kept, "max_id", cursors.get(cursors.size() - 1)) + ">; rel=\"next\"");
    }
    header.add("<" + url(path, kept, prevParam, cursors.get(0)) + ">; rel=\"prev\"");
    ctx.response().putHeader("Link", header.toString());
  }

  private static String url(String path, Map<String, String> kept, String cursorName, long cursor) {
    Map<String, String> params = new TreeMap<>(kept);
    params.put(cursorName, Long.toString(cursor));
    StringJoiner query = new StringJoiner("&");
    params.forEach((name, value) -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return path + "?" + query;
  }

  static int rubyInteger(String value) {
    String text = value.strip();
    int i = 0;
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long result = 0;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9' && result < Integer.MAX_VALUE) {
      result = result * 10 + (text.charAt(i) - '0');
      i++;
    }
    int bounded = (int) Math.min(result, Integer.MAX_VALUE);
    return negative ? -bounded : bounded;
  }
}
