package org.plutro.server.http.api.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.plutro.server.AppContext;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.AccountEntity;
import org.plutro.server.http.api.v1.AccountsRoutes;
import org.plutro.server.service.DomainBlockEffects;
import org.plutro.server.service.ServiceException;
import org.plutro.server.service.ValidationErrors;

/**
 * Instance domain blocks, as Mastodon's admin API ({@code /api/v1/admin/domain_blocks}): list,
 * show, create, update, delete. What a block does to the accounts we hold (silenced, their media
 * unlinked, follows ended) is done in the same transaction by
 * {@link DomainBlockEffects}, and undone there when it is lowered or lifted;
 * {@link org.plutro.server.service.DomainBlocks} then refuses what the block refuses.
 */
public final class AdminDomainBlocksRoutes {
  private static final Set<String> SEVERITIES = Set.of("silence", "suspend", "noop");
  private static final String COLUMNS = "id, domain, severity, reject_media, reject_reports,"
      + " private_comment, public_comment, obfuscate, created_at";
  private static final String LIST = "SELECT " + COLUMNS + " FROM instance_domain_blocks ORDER BY id DESC";
  private static final String ONE = "SELECT " + COLUMNS + " FROM instance_domain_blocks WHERE id = $1";
  private static final String INSERT = "INSERT INTO instance_domain_blocks (domain, severity,"
      + " reject_media, reject_reports, private_comment, public_comment, obfuscate)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (domain) DO NOTHING RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE instance_domain_blocks SET severity = coalesce($2, severity),"
      + " reject_media = coalesce($3, reject_media), reject_reports = coalesce($4, reject_reports),"
      + " private_comment = coalesce($5, private_comment), public_comment = coalesce($6, public_comment),"
      + " obfuscate = coalesce($7, obfuscate) WHERE id = $1 RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM instance_domain_blocks WHERE id = $1 RETURNING id, domain";

  private final AppContext app;

  public AdminDomainBlocksRoutes(AppContext app) {
    this.app = app;
  }

  public void mount(Router router) {
    String base = "/api/v1/admin/domain_blocks";
    router.get(base).handler(ctx -> AdminReportsRoutes.admin(app, ctx, "admin:read:domain_blocks")
        .compose(admin -> app.pool().query(LIST).execute())
        .onSuccess(rows -> {
          JsonArray array = new JsonArray();
          rows.forEach(row -> array.add(entity(row)));
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
    AdminReportsRoutes.admin(app, ctx, "admin:write:domain_blocks")
        .compose(admin -> app.pool().withTransaction(tx -> tx.preparedQuery(INSERT).execute(Tuple.from(
            new Object[] {domain, severity, bool(params, "reject_media"), bool(params, "reject_reports"),
                params.string("private_comment"), params.string("public_comment"),
                bool(params, "obfuscate")}))
            .compose(rows -> rows.size() == 0
                ? Future.<RowSet<Row>>failedFuture(new ValidationErrors()
                    .add("domain", "ERR_TAKEN", "is already blocked").toException())
                : applied(tx, rows))))
        .compose(rows -> app.domainBlocks().refresh().map(rows))
        .onSuccess(rows -> Responses.json(ctx, entity(rows.iterator().next())))
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
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(app, ctx, "admin:write:domain_blocks")
        .compose(admin -> app.pool().withTransaction(tx -> tx.preparedQuery(UPDATE).execute(Tuple.from(
            new Object[] {id, severity == null ? null : severity.strip(), params.bool("reject_media"),
                params.bool("reject_reports"), params.string("private_comment"),
                params.string("public_comment"), params.bool("obfuscate")}))
            .compose(rows -> rows.size() == 0
                ? Future.<RowSet<Row>>failedFuture(ServiceException.notFound("Record not found"))
                : applied(tx, rows))))
        .compose(rows -> app.domainBlocks().refresh().map(rows))
        .onSuccess(rows -> Responses.json(ctx, entity(rows.iterator().next())))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(app, ctx, "admin:read:domain_blocks")
        .compose(admin -> app.pool().preparedQuery(ONE).execute(Tuple.of(id)))
        .compose(rows -> rows.size() == 0
            ? Future.<RowSet<Row>>failedFuture(ServiceException.notFound("Record not found"))
            : Future.succeededFuture(rows))
        .onSuccess(rows -> Responses.json(ctx, entity(rows.iterator().next())))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(app, ctx, "admin:write:domain_blocks")
        .compose(admin -> app.pool().withTransaction(tx -> tx.preparedQuery(DELETE).execute(Tuple.of(id))
            .compose(rows -> rows.size() == 0
                ? Future.<Void>failedFuture(ServiceException.notFound("Record not found"))
                : DomainBlockEffects.lifted(tx, rows.iterator().next().getString("domain")))))
        .compose(done -> app.domainBlocks().refresh())
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** The block as stored now acts on the accounts we hold (in the same transaction). */
  private static Future<RowSet<Row>> applied(SqlClient tx, RowSet<Row> rows) {
    Row block = rows.iterator().next();
    return DomainBlockEffects.blocked(tx, block.getString("domain"), block.getString("severity"),
        block.getBoolean("reject_media")).map(rows);
  }

  private static boolean bool(Params params, String name) {
    return Boolean.TRUE.equals(params.bool(name));
  }

  /** Mastodon's {@code Admin::DomainBlock}. */
  private static JsonObject entity(Row row) {
    String domain = row.getString("domain");
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(domain.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new JsonObject()
        .put("id", Long.toString(row.getLong("id")))
        .put("domain", domain)
        .put("digest", digest)
        .put("created_at", AccountEntity.timestamp(row.getOffsetDateTime("created_at")))
        .put("severity", row.getString("severity"))
        .put("reject_media", row.getBoolean("reject_media"))
        .put("reject_reports", row.getBoolean("reject_reports"))
        .put("private_comment", row.getString("private_comment"))
        .put("public_comment", row.getString("public_comment"))
        .put("obfuscate", row.getBoolean("obfuscate"));
  }
}
