package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.ServerAllows;
import org.plutro.server.store.DomainAllowStore.DomainAllow;

/**
 * {@code /admin/domain_allows}: which federation mode the server runs in and what it means, the
 * servers allowed in limited federation mode, a form to allow one and a button to remove each.
 * Changes go through {@link ServerAllows}, as the admin API's, and are recorded in the audit
 * log. Admins only (404).
 */
public final class ServerAllowsPage {
  public static final String PATH = "/admin/domain_allows";
  static final String[] FIELDS = {"domain", "note"};

  /** An allowed server as the list shows it. */
  public record Row(long id, String domain, String addedBy, String since, String sinceIso) {}

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final ServerAllows serverAllows;

  public ServerAllowsPage(Visits visits, Pages pages, Notices notices, ServerAllows serverAllows) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.serverAllows = serverAllows;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::list);
    router.post(PATH).handler(this::create);
    router.post(PATH + "/:id/delete").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only)
        .compose(visit -> listed(ctx, visit, Form.empty(), 200))
        .onFailure(ctx::fail);
  }

  private Future<Void> listed(RoutingContext ctx, Visit visit, Form form, int status) {
    return serverAllows.list().map(allows -> {
      Map<String, Object> params = new HashMap<>();
      params.put("limited", serverAllows.limited());
      params.put("rows", allows.stream().map(ServerAllowsPage::row).toList());
      params.put("form", form);
      params.put("notice", status == 200 ? notices.take(ctx) : null);
      pages.send(ctx, status, "admin/domain_allows.jte", visit.frame("Allowed servers").hiddenFromSearch(),
          params);
      return null;
    });
  }

  private void create(RoutingContext ctx) {
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> {
      Form form = Form.submitted(ctx, FIELDS);
      return serverAllows.allow(Admins.by(visit), form.value("domain"), form.value("note"))
          .<Void>map(allowed -> {
            notices.redirect(ctx, PATH, allowed.created() ? Notice.SERVER_ALLOWED : Notice.SERVER_ALREADY_ALLOWED,
                allowed.allow().domain());
            return null;
          })
          .recover(failure -> failure instanceof ServiceException refused && refused.status() == 422
              ? listed(ctx, visit, form.failed(refused, Map.of()), 422) : Future.failedFuture(failure));
    }).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only)
        .compose(visit -> serverAllows.remove(Admins.by(visit), id, Params.of(ctx).string("note")))
        .onSuccess(domain -> notices.redirect(ctx, PATH, Notice.SERVER_UNALLOWED, domain))
        .onFailure(ctx::fail);
  }

  private static Row row(DomainAllow allow) {
    return new Row(allow.id(), allow.domain(), allow.addedByName() == null ? "" : "@" + allow.addedByName(),
        Times.readable(allow.createdAt()), Times.iso(allow.createdAt()));
  }
}
