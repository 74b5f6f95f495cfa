package org.plutro.server.http.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.http.web.Frame.Header;
import org.plutro.server.store.NotificationStore;

/**
 * Renders the pages' templates ({@code server/src/main/jte}, compiled to Java at build time; jte
 * escapes every value for where it stands) and sends them with the headers every page carries.
 * A member's page gets its header filled in first ({@link #header}): one count of their unread
 * notifications, and the notice a form left for it.
 */
public final class Pages {
  /**
   * Scripts and styles only from our own fingerprinted files, pictures and media only from us
   * (remote ones at our addresses, see {@code RemoteMediaUrls}: a reader's browser never contacts
   * another server), forms only to ourselves, never framed.
   */
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data: blob:; media-src 'self';"
      + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Notices notices;
  private final NotificationStore notifications;

  public Pages(Notices notices, NotificationStore notifications) {
    this.notices = notices;
    this.notifications = notifications;
  }

  /** The page as text. {@code params} are the template's own; {@code frame} is added. */
  public String render(String template, Frame frame, Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.put("frame", frame);
    StringOutput output = new StringOutput(8192);
    engine.render(template, all, output);
    return output.toString();
  }

  /** A whole page (in the layout): a member's has its header filled in first. */
  public void send(RoutingContext ctx, int status, String template, Frame frame,
      Map<String, Object> params) {
    header(ctx, frame, params.containsKey("notice"))
        .map(full -> Buffer.buffer(render(template, full, params)))
        .onSuccess(html -> send(ctx, status, html, personal(frame)))
        .onFailure(ctx::fail);
  }

  /** A part of a page (fetched by the script): no header, so nothing read for one. */
  public void sendPart(RoutingContext ctx, String template, Frame frame, Map<String, Object> params) {
    send(ctx, 200, Buffer.buffer(render(template, frame, params)), personal(frame));
  }

  /**
   * The frame with a member's header: their unread notifications, counted in one statement (newer
   * than their notifications marker, as {@code /api/v1/notifications/unread_count} counts), and the
   * notice waiting for the page, unless the page shows it itself ({@code pageShowsNotice}). A
   * visitor's frame as it is. Never fails: without the count the header shows none.
   */
  public Future<Frame> header(RoutingContext ctx, Frame frame, boolean pageShowsNotice) {
    if (frame.viewer() == null) {
      return Future.succeededFuture(frame);
    }
    String notice = pageShowsNotice ? null : notices.take(ctx);
    return notifications.count(frame.viewer().id(), Frame.UNREAD_SHOWN + 1).otherwise(0L)
        .map(unread -> frame.withHeader(new Header(unread, notice)));
  }

  /** A page made for one person (signed in, or with a form bound to their session) is theirs. */
  public static boolean personal(Frame frame) {
    return frame.viewer() != null || frame.csrfToken() != null;
  }

  /** A page rendered before, with the headers every page carries. */
  public void send(RoutingContext ctx, int status, Buffer html, boolean personal) {
    var response = ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Vary", "Accept, Cookie")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin");
    if (personal) {
      response.putHeader("Cache-Control", "private, no-store");
    }
    response.end(html);
  }

  public void send(RoutingContext ctx, String template, Frame frame, Map<String, Object> params) {
    send(ctx, 200, template, frame, params);
  }
}
