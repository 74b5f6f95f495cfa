package org.plutro.server.http.api.admin;

import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.service.DomainBlockEffects;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.InstanceDomainBlockStore;
import org.plutro.server.store.InstanceDomainBlockStore.DomainBlock;
import org.plutro.server.store.UserStore;

/**
 * Instance domain blocks, as Mastodon's admin API ({@code /api/v1/admin/domain_blocks}): list,
 * show, create, update, delete. What a block does to the accounts we hold (silenced, their media
 * unlinked, follows ended) is done in the same transaction by
 * {@link DomainBlockEffects}, and undone there when it is lowered or lifted;
 * {@link org.plutro.server.policy.DomainBlocks} then refuses what the block refuses.
 */
public final class AdminDomainBlocksRoutes {
  private static final Set<String> SEVERITIES = Set.of("silence", "suspend", "noop");

  private final Auth auth;
  private final UserStore users;
  private final Pool pool;
  private final InstanceDomainBlockStore blocks;
  private final DomainBlocks domainBlocks;

  /** {@code domainBlocks}: the blocks in force, refreshed after every change here. */
  public AdminDomainBlocksRoutes(Auth auth, UserStore users, Pool pool, InstanceDomainBlockStore blocks,
      DomainBlocks domainBlocks) {
    this.auth = auth;
    this.users = users;
    this.pool = pool;
    this.blocks = blocks;
    this.domainBlocks = domainBlocks;
  }

  public void mount(Router router) {
    String base = "/api/v1/admin/domain_blocks";
    router.get(base).handler(ctx -> AdminReportsRoutes.admin(auth, users, ctx, "admin:read:domain_blocks")
        .compose(admin -> blocks.list())
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
    String domain = params.string("domain") == null ? "" : params.string("domain").strip()
        .toLowerCase(Locale.ROOT);
    String severity = params.string("severity") == null ? "silence" : params.string("severity").strip();
    ValidationErrors errors = new ValidationErrors();
    if (domain.isEmpty() || !domain.matches("^[a-z0-9.\\-]+(:[0-9]{1,5})?$")) {
      errors.add("domain", "ERR_INVALID", "is not a domain");
    }
    if (!SEVERITIES.contains(severity)) {
      errors.add("severity", "ERR_INCLUSION", "is not included in the list");
    }
    if (!errors.isEmpty()) {
      ctx.fail(errors.toException());
      return;
    }
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write:domain_blocks")
        .compose(admin -> pool.withTransaction(tx -> blocks.insert(tx, domain, severity,
                bool(params, "reject_media"), bool(params, "reject_reports"), params.string("private_comment"),
                params.string("public_comment"), bool(params, "obfuscate"))
            .compose(inserted -> inserted.isEmpty()
                ? Future.<DomainBlock>failedFuture(new ValidationErrors()
                    .add("domain", "ERR_TAKEN", "is already blocked").toException())
                : applied(tx, inserted.get()))))
        .compose(block -> domainBlocks.refresh().map(block))
        .onSuccess(block -> Responses.json(ctx, entity(block)))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String severity = params.string("severity");
    if (severity != null && !SEVERITIES.contains(severity.strip())) {
      ctx.fail(new ValidationErrors().add("severity", "ERR_INCLUSION", "is not included in the list")
          .toException());
      return;
    }
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write:domain_blocks")
        .compose(admin -> pool.withTransaction(tx -> blocks.update(tx, id, new InstanceDomainBlockStore.Change(
                severity == null ? null : severity.strip(), params.bool("reject_media"),
                params.bool("reject_reports"), params.string("private_comment"),
                params.string("public_comment"), params.bool("obfuscate")))
            .compose(updated -> updated.isEmpty()
                ? Future.<DomainBlock>failedFuture(ServiceException.notFound("Record not found"))
                : applied(tx, updated.get()))))
        .compose(block -> domainBlocks.refresh().map(block))
        .onSuccess(block -> Responses.json(ctx, entity(block)))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:read:domain_blocks")
        .compose(admin -> blocks.byId(id))
        .compose(found -> found.isEmpty()
            ? Future.<DomainBlock>failedFuture(ServiceException.notFound("Record not found"))
            : Future.succeededFuture(found.get()))
        .onSuccess(block -> Responses.json(ctx, entity(block)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write:domain_blocks")
        .compose(admin -> pool.withTransaction(tx -> blocks.delete(tx, id)
            .compose(domain -> domain.isEmpty()
                ? Future.<Void>failedFuture(ServiceException.notFound("Record not found"))
                : DomainBlockEffects.lifted(tx, domain.get()))))
        .compose(done -> domainBlocks.refresh())
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** The block as stored now acts on the accounts we hold (in the same transaction). */
  private static Future<DomainBlock> applied(SqlClient tx, DomainBlock block) {
    return DomainBlockEffects.blocked(tx, block.domain(), block.severity(), block.rejectMedia()).map(block);
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
