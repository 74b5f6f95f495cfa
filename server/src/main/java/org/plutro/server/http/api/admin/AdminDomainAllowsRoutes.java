package org.plutro.server.http.api.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.ServerAllows;
import org.plutro.server.store.DomainAllowStore.DomainAllow;
import org.plutro.server.store.UserStore;
import org.plutro.server.text.Timestamps;

/**
 * The servers allowed in limited federation mode, as Mastodon's admin API
 * ({@code /api/v1/admin/domain_allows}): list, show, create (one allowed already is answered as
 * it is), delete, through {@link ServerAllows} (the same as the admin page), which records each
 * change in the audit log.
 */
public final class AdminDomainAllowsRoutes {
  private static final String BASE = "/api/v1/admin/domain_allows";
  private static final String READ = "admin:read:domain_allows";
  private static final String WRITE = "admin:write:domain_allows";

  private final Auth auth;
  private final UserStore users;
  private final ServerAllows serverAllows;

  public AdminDomainAllowsRoutes(Auth auth, UserStore users, ServerAllows serverAllows) {
    this.auth = auth;
    this.users = users;
    this.serverAllows = serverAllows;
  }

  public void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.get(BASE + "/:id").handler(this::show);
    router.post(BASE).handler(this::create);
    router.delete(BASE + "/:id").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    AdminReportsRoutes.admin(auth, users, ctx, READ)
        .compose(admin -> serverAllows.list())
        .onSuccess(list -> {
          JsonArray array = new JsonArray();
          list.forEach(allow -> array.add(entity(allow)));
          Responses.json(ctx, array);
        }).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, READ)
        .compose(admin -> serverAllows.byId(id))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(allow -> Responses.json(ctx, entity(allow)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    String domain = Params.of(ctx).string("domain");
    AdminReportsRoutes.admin(auth, users, ctx, WRITE)
        .compose(admin -> serverAllows.allow(AuditLog.By.member(admin), domain, ""))
        .onSuccess(allowed -> Responses.json(ctx, entity(allowed.allow())))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, WRITE)
        .compose(admin -> serverAllows.remove(AuditLog.By.member(admin), id, ""))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** Mastodon's {@code Admin::DomainAllow}. */
  private static JsonObject entity(DomainAllow allow) {
    return new JsonObject()
        .put("id", Long.toString(allow.id()))
        .put("domain", allow.domain())
        .put("created_at", Timestamps.iso(allow.createdAt()));
  }
}
