package org.plutro.server.http.web.settings;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Visit;
import org.plutro.server.service.MemberDomainBlocks;
import org.plutro.server.store.Page;
import org.plutro.server.store.SafetyStore;
import org.plutro.server.store.SafetyStore.Domain;

/**
 * {@code /settings/domain_blocks}: the servers a member hides, a form to add one and a button to
 * remove each, through {@link MemberDomainBlocks} as the API's {@code /api/v1/domain_blocks}.
 */
public final class DomainBlockSettings {
  public static final String PATH = "/settings/domain_blocks";
  private static final int PAGE_SIZE = 100;

  private final SettingsPage page;
  private final SafetyStore safety;
  private final MemberDomainBlocks domainBlocks;

  public DomainBlockSettings(SettingsPage page, SafetyStore safety, MemberDomainBlocks domainBlocks) {
    this.page = page;
    this.safety = safety;
    this.domainBlocks = domainBlocks;
  }

  public void mount(Router router) {
    router.get(PATH).handler(ctx -> page.member(ctx)
        .onSuccess(visit -> show(ctx, 200, visit, "", Form.empty())).onFailure(ctx::fail));
    router.post(PATH).handler(this::block);
    router.post(PATH + "/remove").handler(this::unblock);
  }

  private void show(RoutingContext ctx, int status, Visit visit, String typed, Form errors) {
    Page list = SettingsPage.page(ctx, PAGE_SIZE);
    safety.domains(visit.member().id(), list).onSuccess(found -> {
      Map<String, Object> params = new HashMap<>();
      params.put("domains", found.stream().map(Domain::domain).toList());
      params.put("next", SettingsPage.next(PATH, list, found.stream().map(Domain::cursor).toList()));
      params.put("typed", typed);
      params.put("errors", errors);
      page.send(ctx, status, visit, "domain_blocks.jte", "Blocked servers", params);
    }).onFailure(ctx::fail);
  }

  private void block(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> {
      String typed = ctx.request().getFormAttribute("domain");
      domainBlocks.block(visit.member().id(), typed)
          .onSuccess(domain -> page.done(ctx, PATH, Notice.SERVER_BLOCKED, domain))
          .onFailure(failure -> SettingsPage.refused(ctx, failure,
              errors -> show(ctx, 422, visit, typed == null ? "" : typed, errors)));
    }).onFailure(ctx::fail);
  }

  private void unblock(RoutingContext ctx) {
    page.form(ctx).compose(visit -> domainBlocks.unblock(visit.member().id(),
            ctx.request().getFormAttribute("domain")))
        .onSuccess(domain -> page.done(ctx, PATH, Notice.SERVER_UNBLOCKED, domain))
        .onFailure(ctx::fail);
  }
}
