package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.store.Page;

/**
 * What every settings page does: only for the signed-in member, forms checked for their CSRF
 * token, a page in the settings frame ({@code settings/layout.jte}, with its side navigation and
 * the notice left by the last form), and after a form, back to the page with a notice.
 */
public final class SettingsPage {
  private final Pages pages;
  private final Visits visits;
  private final Notices notices;

  public SettingsPage(Pages pages, Visits visits, Notices notices) {
    this.pages = pages;
    this.visits = visits;
    this.notices = notices;
  }

  /** The signed-in member's visit; a visitor is sent to sign in. */
  public Future<Visit> member(RoutingContext ctx) {
    return visits.member(ctx);
  }

  /** A form posted by the signed-in member, its CSRF token checked (403 otherwise). */
  public Future<Visit> form(RoutingContext ctx) {
    return visits.memberForm(ctx);
  }

  /**
   * Renders {@code template} (under {@code settings/}) titled {@code title}; the template gets
   * {@code params}, the frame and {@code notice}.
   */
  public void send(RoutingContext ctx, int status, Visit visit, String template, String title,
      Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.put("notice", status == 200 ? notices.take(ctx) : null);
    pages.send(ctx, status, "settings/" + template, visit.frame(title).hiddenFromSearch(), all);
  }

  public void send(RoutingContext ctx, Visit visit, String template, String title,
      Map<String, Object> params) {
    send(ctx, 200, visit, template, title, params);
  }

  /** A list's page: {@code limit} items older than the {@code max_id} in the address, if any. */
  public static Page page(RoutingContext ctx, int limit) {
    return new Page(Page.id(ctx.queryParams().get("max_id")), null, null, limit);
  }

  /** The address of a list's next page, or null when this page was its last. */
  public static String next(String path, Page page, List<Long> cursors) {
    return cursors.size() < page.limit() || cursors.isEmpty() ? null
        : path + "?max_id=" + cursors.get(cursors.size() - 1);
  }

  /** Back to {@code path}, which shows {@code notice} once. */
  public void done(RoutingContext ctx, String path, Notice notice) {
    notices.redirect(ctx, path, notice);
  }

  /** Back to {@code path}, which shows {@code notice}, about {@code mention}, once. */
  public void done(RoutingContext ctx, String path, Notice notice, String mention) {
    notices.redirect(ctx, path, notice, mention);
  }

  /**
   * A refused form shown again: for a 422 with field errors, {@code again} renders the form with
   * them; anything else becomes an error page.
   */
  public static void refused(RoutingContext ctx, Throwable failure, Consumer<Form> again) {
    if (failure instanceof ServiceException refused && refused.status() == 422) {
      again.accept(Form.empty().failed(refused, Map.of()));
    } else {
      ctx.fail(failure);
    }
  }
}
