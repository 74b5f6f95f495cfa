package org.plutro.server.http.api.admin;

import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.ServerBlocks;
import org.plutro.server.store.InstanceDomainBlockStore;
import org.plutro.server.store.InstanceDomainBlockStore.DomainBlock;
import org.plutro.server.store.UserStore;

/**
 * Instance domain blocks, as Mastodon's admin API ({@code /api/v1/admin/domain_blocks}): list,
 * show, create, update, delete, through {@link ServerBlocks} (the same as the admin pages), which
 * applies each change to the accounts we hold and records it in the audit log.
 */
public final class AdminDomainBlocksRoutes {
  private final Auth auth;
  private final UserStore users;
  private final ServerBlocks serverBlocks;

  public AdminDomainBlocksRoutes(Auth auth, UserStore users, ServerBlocks serverBlocks) {
    this.auth = auth;
    this.users = users;
    this.serverBlocks = serverBlocks;
  }

  public void mount(Router router) {
    String base = "/api/v1/admin/domain_blocks";
    router.get(base).handler(ctx -> AdminReportsRoutes.admin(auth, users, ctx, "admin:read:domain_blocks")
        .compose(admin -> serverBlocks.list())
        .onSuccess(list -> {
          JsonArray array = new JsonArray();
          list.forEach(block -> array.add(entity(block)));
          Responses.json(ctx, array);
        }).onFailure(ctx::fail));
    router.get(base + "/:id").handler(this::show);
    router.post(base).handler(this::create);
    router.put(base + "/:id").handler(this::update);
    router.delete(base + "/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Params params = Params.of(ctx);
    ServerBlocks.Draft draft = new ServerBlocks.Draft(params.string("domain"), params.string("severity"),
        bool(params, "reject_media"), bool(params, "reject_reports"), params.string("private_comment"),
        params.string("public_comment"), bool(params, "obfuscate"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write:domain_blocks")
        .compose(admin -> serverBlocks.create(AuditLog.By.member(admin), draft, ""))
        .onSuccess(block -> Responses.json(ctx, entity(block)))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String severity = params.string("severity");
    long id = Params.parseId(ctx.pathParam("id"));
    InstanceDomainBlockStore.Change change = new InstanceDomainBlockStore.Change(
        severity == null ? null : severity.strip(), params.bool("reject_media"),
        params.bool("reject_reports"), params.string("private_comment"),
        params.string("public_comment"), params.bool("obfuscate"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write:domain_blocks")
        .compose(admin -> serverBlocks.update(AuditLog.By.member(admin), id, change, ""))
        .onSuccess(block -> Responses.json(ctx, entity(block)))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:read:domain_blocks")
        .compose(admin -> serverBlocks.byId(id))
        .compose(found -> found.isEmpty()
            ? Future.<DomainBlock>failedFuture(ServiceException.notFound("Record not found"))
            : Future.succeededFuture(found.get()))
        .onSuccess(block -> Responses.json(ctx, entity(block)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write:domain_blocks")
        .compose(admin -> serverBlocks.delete(AuditLog.By.member(admin), id, ""))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private static boolean bool(Params params, String name) {
    return Boolean.TRUE.equals(params.bool(name));
  }

  /** Mastodon's {@code Admin::DomainBlock}. */
  private static JsonObject entity(DomainBlock block) {
    String domain = block.domain();
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(domain.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new JsonObject()
        .put("id", Long.toString(block.id()))
        .put("domain", domain)
        .put("digest", digest)
        .put("created_at", Timestamps.iso(block.createdAt()))
        .put("severity", block.severity())
        .put("reject_media", block.rejectMedia())
        .put("reject_reports", block.rejectReports())
        .put("private_comment", block.privateComment())
        .put("public_comment", block.publicComment())
        .put("obfuscate", block.obfuscate());
  }
}
