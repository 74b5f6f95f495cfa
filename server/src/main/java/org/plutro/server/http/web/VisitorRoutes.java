package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;

/** Visitors' extra pages: "posts and replies", the Atom feed, and the stylesheet. */
public final class VisitorRoutes {
  private final VisitorPages pages;
  private final Buffer stylesheet;

  public VisitorRoutes(VisitorPages pages) {
    this.pages = pages;
    try (InputStream in = VisitorRoutes.class.getResourceAsStream("/static/plutro.css")) {
      stylesheet = Buffer.buffer(in.readAllBytes());
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("static/plutro.css is missing from the jar"));
    }
  }

  public void mount(Router router) {
    router.getWithRegex("/@(?<username>[A-Za-z0-9_]+)\\.atom").handler(this::feed);
    router.getWithRegex("/@(?<username>[A-Za-z0-9_]+)/with_replies").handler(ctx ->
        member(ctx).compose(account -> pages.profile(account, true, maxId(ctx)))
            .onSuccess(html -> Layout.send(ctx, html)).onFailure(ctx::fail));
    router.get(Layout.STYLESHEET).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/css; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=3600")
        .end(stylesheet));
  }

  private void feed(RoutingContext ctx) {
    member(ctx).compose(account -> pages.feed(account).map(xml -> {
      if (!ProfilePage.isIndexable(account)) {
        ctx.response().putHeader("X-Robots-Tag", "noindex");
      }
      return xml;
    })).onSuccess(xml -> ctx.response().putHeader("Content-Type", AtomFeed.CONTENT_TYPE)
        .putHeader("X-Content-Type-Options", "nosniff").end(xml))
        .onFailure(ctx::fail);
  }

  private Future<Account> member(RoutingContext ctx) {
    return pages.member(ctx.pathParam("username")).compose(found -> found
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  /** The {@code max_id} of a page link; anything unreadable means the first page. */
  public static Long maxId(RoutingContext ctx) {
    String value = ctx.queryParams().get("max_id");
    try {
      return value == null ? null : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
