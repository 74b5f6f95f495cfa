package org.plutro.server.http.api.v1;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.plutro.server.AppContext;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.AccountEntity;
import org.plutro.server.service.ServiceException;

/**
 * A member's sessions and sign-ins (policy 2.4, 2.5): {@code GET /api/v1/plutro/sessions} (every
 * live token: app, device, address, last use; {@code current} marks the caller's),
 * {@code DELETE /api/v1/plutro/sessions/:id} (revoke one), {@code GET /api/v1/plutro/login_history}.
 * Addresses older than {@code PLUTRO_IP_RETENTION_DAYS} have been erased and show as null.
 */
public final class SessionsRoutes {
  private static final String SESSIONS = "SELECT t.id, a.name, t.created_at, t.last_used_at,"
      + " t.last_address, t.user_agent, t.scopes FROM oauth_tokens t LEFT JOIN oauth_apps a ON a.id = t.app_id"
      + " WHERE t.account_id = $1 AND t.revoked_at IS NULL ORDER BY coalesce(t.last_used_at, t.created_at) DESC";
  private static final String REVOKE = "UPDATE oauth_tokens SET revoked_at = now() WHERE id = $1"
      + " AND account_id = $2 AND revoked_at IS NULL";
  private static final String HISTORY = "SELECT created_at, address, user_agent, method FROM sign_ins"
      + " WHERE account_id = $1 ORDER BY id DESC LIMIT 100";

  private final AppContext app;

  public SessionsRoutes(AppContext app) {
    this.app = app;
  }

  public void mount(Router router) {
    router.get("/api/v1/plutro/sessions").handler(this::list);
    router.delete("/api/v1/plutro/sessions/:id").handler(this::revoke);
    router.get("/api/v1/plutro/login_history").handler(this::history);
  }

  private void list(RoutingContext ctx) {
    app.auth().member(ctx, "read:accounts").compose(caller -> app.pool().preparedQuery(SESSIONS)
            .execute(Tuple.of(caller.member().id())).map(rows -> {
              JsonArray sessions = new JsonArray();
              for (Row row : rows) {
                sessions.add(new JsonObject()
                    .put("id", Long.toString(row.getLong("id")))
                    .put("app", row.getString("name"))
                    .put("scopes", String.join(" ", row.getArrayOfStrings("scopes")))
                    .put("created_at", AccountEntity.timestamp(row.getOffsetDateTime("created_at")))
                    .put("last_used_at", row.getOffsetDateTime("last_used_at") == null ? null
                        : AccountEntity.timestamp(row.getOffsetDateTime("last_used_at")))
                    .put("ip", row.getString("last_address"))
                    .put("user_agent", row.getString("user_agent"))
                    .put("current", row.getLong("id") == caller.token().id()));
              }
              return sessions;
            }))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    app.auth().member(ctx, "write:accounts")
        .compose(caller -> app.pool().preparedQuery(REVOKE).execute(Tuple.of(id, caller.member().id()))
            .onSuccess(rows -> app.oauth().forgetAccount(caller.member().id())))
        .onSuccess(rows -> {
          if (rows.rowCount() == 0) {
            ctx.fail(ServiceException.notFound("Record not found"));
          } else {
            Responses.json(ctx, new JsonObject());
          }
        })
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    app.auth().member(ctx, "read:accounts").compose(caller -> app.pool().preparedQuery(HISTORY)
            .execute(Tuple.of(caller.member().id())).map(rows -> {
              JsonArray history = new JsonArray();
              for (Row row : rows) {
                history.add(new JsonObject()
                    .put("created_at", AccountEntity.timestamp(row.getOffsetDateTime("created_at")))
                    .put("ip", row.getString("address"))
                    .put("user_agent", row.getString("user_agent"))
                    .put("method", row.getString("method")));
              }
              return history;
            }))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }
}
