package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.RelationshipEntity;
import org.plutro.server.service.ServiceException;
import org.plutro.server.store.AccountStore;

/**
 * Finding people, as Mastodon's API offers it (policy 4: suggest connections): account search,
 * familiar followers, suggestions (friends of friends, then active members here; only accounts
 * that are discoverable, never blocked or muted ones, and never again once dismissed), a
 * member's endorsed accounts, and the directory of discoverable accounts.
 */
public final class AccountDiscoveryRoutes {
  private static final String OPEN = " a.deleted_at IS NULL AND a.actor_type IN ('Person', 'Service')";
  private static final String SEARCH = "SELECT " + AccountStore.COLUMNS + " FROM accounts a WHERE"
      + OPEN + " AND (lower(a.username) LIKE $1 OR lower(a.display_name) LIKE $2)"
      + " AND ($3::bool IS FALSE OR EXISTS (SELECT 1 FROM follows f WHERE f.account_id = $4"
      + " AND f.target_account_id = a.id AND f.state = 'accepted'))"
      + " ORDER BY (a.domain IS NULL) DESC, lower(a.username) = $5 DESC, a.username LIMIT $6 OFFSET $7";
  private static final String FAMILIAR = "SELECT " + AccountStore.COLUMNS + " FROM follows mine"
      + " JOIN follows theirs ON theirs.account_id = mine.target_account_id AND theirs.state = 'accepted'"
      + " JOIN accounts a ON a.id = mine.target_account_id"
      + " WHERE mine.account_id = $1 AND mine.state = 'accepted' AND theirs.target_account_id = $2"
      + " AND" + OPEN + " ORDER BY mine.id DESC LIMIT 40";
  private static final String NOT_HIDDEN = " AND a.id <> $1 AND a.discoverable AND" + OPEN
      + " AND NOT EXISTS (SELECT 1 FROM follows x WHERE x.account_id = $1 AND x.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.account_id = $1 AND d.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = $1 AND b.target_account_id = a.id)"
      + "   OR (b.account_id = a.id AND b.target_account_id = $1))"
      + " AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = $1 AND m.target_account_id = a.id)";
  // Friends of friends first (how many of the member's follows follow them), then active locals.
  private static final String SUGGESTIONS = "SELECT * FROM (SELECT " + AccountStore.COLUMNS
      + ", 'friends_of_friends' AS source, count(*) AS weight FROM follows mine"
      + " JOIN follows theirs ON theirs.account_id = mine.target_account_id AND theirs.state = 'accepted'"
      + " JOIN accounts a ON a.id = theirs.target_account_id"
      + " WHERE mine.account_id = $1 AND mine.state = 'accepted'" + NOT_HIDDEN
      + " GROUP BY a.id"
      + " UNION ALL SELECT " + AccountStore.COLUMNS + ", 'global' AS source, 0 AS weight"
      + " FROM accounts a JOIN account_stats c ON c.account_id = a.id"
      + " WHERE a.domain IS NULL AND c.last_status_at > now() - interval '30 days'" + NOT_HIDDEN
      + ") s ORDER BY weight DESC, id DESC LIMIT $2";
  private static final String DISMISS = "INSERT INTO suggestion_dismissals (account_id, target_account_id)"
      + " VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final String PIN = "INSERT INTO account_pins (account_id, target_account_id)"
      + " SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM follows WHERE account_id = $1 AND target_account_id = $2"
      + " AND state = 'accepted') ON CONFLICT DO NOTHING";
  private static final String UNPIN = "DELETE FROM account_pins WHERE account_id = $1 AND target_account_id = $2";
  private static final String ENDORSED = "SELECT " + AccountStore.COLUMNS + " FROM account_pins p"
      + " JOIN accounts a ON a.id = p.target_account_id WHERE p.account_id = $1 AND" + OPEN
      + " ORDER BY p.id DESC LIMIT 40";
  private static final String IS_FOLLOWING = "SELECT 1 FROM follows WHERE account_id = $1"
      + " AND target_account_id = $2 AND state = 'accepted'";
  private static final String DIRECTORY = "SELECT " + AccountStore.COLUMNS + " FROM accounts a"
      + " LEFT JOIN account_stats c ON c.account_id = a.id WHERE a.discoverable AND" + OPEN
      + " AND ($1::bool IS FALSE OR a.domain IS NULL)"
      + " ORDER BY CASE WHEN $2 = 'new' THEN a.id ELSE 0 END DESC, c.last_status_at DESC NULLS LAST, a.id DESC"
      + " LIMIT $3 OFFSET $4";

  private final AppContext app;
  private final Presenter presenter;

  public AccountDiscoveryRoutes(AppContext app) {
    this.app = app;
    this.presenter = new Presenter(app);
  }

  public void mount(Router router) {
    router.get("/api/v1/accounts/search").handler(this::search);
    router.get("/api/v1/accounts/familiar_followers").handler(this::familiar);
    router.get("/api/v1/suggestions").handler(ctx -> suggestions(ctx, false));
    router.get("/api/v2/suggestions").handler(ctx -> suggestions(ctx, true));
    router.delete("/api/v1/suggestions/:id").handler(this::dismiss);
    router.post("/api/v1/accounts/:id/pin").handler(ctx -> endorse(ctx, true));
    router.post("/api/v1/accounts/:id/unpin").handler(ctx -> endorse(ctx, false));
    router.get("/api/v1/endorsements").handler(this::endorsements);
    router.get("/api/v1/directory").handler(this::directory);
  }

  private void search(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String q = params.string("q") == null ? "" : params.string("q").strip().replaceFirst("^@", "");
    int limit = bounded(params.string("limit"), 40, 80);
    int offset = bounded(params.string("offset"), 0, 10_000);
    boolean following = Boolean.TRUE.equals(params.bool("following"));
    app.auth().member(ctx, "read:accounts").compose(caller -> {
      if (q.isEmpty()) {
        return Future.succeededFuture(new JsonArray());
      }
      String lower = q.toLowerCase(Locale.ROOT);
      String username = lower.contains("@") ? lower.substring(0, lower.indexOf('@')) : lower;
      String escaped = username.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
      Future<Void> resolved = Boolean.TRUE.equals(params.bool("resolve")) && lower.contains("@")
          ? app.fetcher().webfinger(lower).compose(uri -> app.remoteActors().byUri(uri)).<Void>mapEmpty()
              .otherwise((Void) null)
          : Future.succeededFuture();
      return resolved.compose(done -> app.pool().preparedQuery(SEARCH).execute(Tuple.from(new Object[] {
          escaped + "%", "%" + lower.replace("%", "\\%") + "%", following, caller.member().id(), username,
          limit, offset})))
          .compose(this::accounts);
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void familiar(RoutingContext ctx) {
    List<String> ids = Params.of(ctx).list("id");
    app.auth().member(ctx, "read:follows").compose(caller -> {
      List<Future<JsonObject>> entries = new ArrayList<>();
      for (String id : ids) {
        long other;
        try {
          other = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
          continue;
        }
        entries.add(app.pool().preparedQuery(FAMILIAR).execute(Tuple.of(caller.member().id(), other))
            .compose(this::accounts)
            .map(accounts -> new JsonObject().put("id", Long.toString(other)).put("accounts", accounts)));
      }
      return Future.all(entries).map(done -> {
        JsonArray array = new JsonArray();
        entries.forEach(e -> array.add(e.result()));
        return array;
      });
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void suggestions(RoutingContext ctx, boolean v2) {
    int limit = bounded(ctx.request().getParam("limit"), 40, 80);
    app.auth().member(ctx, "read").compose(caller -> app.pool().preparedQuery(SUGGESTIONS)
        .execute(Tuple.of(caller.member().id(), limit)).compose(rows -> {
          List<Account> found = new ArrayList<>();
          List<String> sources = new ArrayList<>();
          List<Long> seen = new ArrayList<>();
          for (Row row : rows) {
            Account account = AccountStore.map(row);
            if (!seen.contains(account.id())) {
              seen.add(account.id());
              found.add(account);
              sources.add(row.getString("source"));
            }
          }
          return presenter.accounts(found).map(entities -> {
            if (!v2) {
              return entities;
            }
            JsonArray array = new JsonArray();
            for (int i = 0; i < entities.size(); i++) {
              String source = sources.get(i);
              array.add(new JsonObject()
                  .put("source", source.equals("global") ? "global" : "past_interactions")
                  .put("sources", new JsonArray().add(source.equals("global") ? "most_followed" : "friends_of_friends"))
                  .put("account", entities.getJsonObject(i)));
            }
            return array;
          });
        }))
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void dismiss(RoutingContext ctx) {
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    app.auth().member(ctx, "read").compose(caller -> app.accounts().byId(id).compose(found -> found.isEmpty()
            ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : app.pool().preparedQuery(DISMISS).execute(Tuple.of(caller.member().id(), id)).mapEmpty()))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** Endorsing needs following, as in Mastodon (422 otherwise). */
  private void endorse(RoutingContext ctx, boolean pin) {
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    app.auth().member(ctx, "write:accounts").compose(caller -> app.accounts().byId(id).compose(found -> {
      if (found.isEmpty() || found.get().deletedAt() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      long member = caller.member().id();
      Future<?> change = !pin ? app.pool().preparedQuery(UNPIN).execute(Tuple.of(member, id))
          : app.pool().preparedQuery(IS_FOLLOWING).execute(Tuple.of(member, id)).compose(rows -> rows.size() == 0
              ? Future.failedFuture(ServiceException.unprocessable("You must be following this account to endorse it"))
              : app.pool().preparedQuery(PIN).execute(Tuple.of(member, id)));
      return change.compose(done -> RelationshipEntity.of(app, member, id));
    })).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void endorsements(RoutingContext ctx) {
    app.auth().member(ctx, "read:accounts")
        .compose(caller -> app.pool().preparedQuery(ENDORSED).execute(Tuple.of(caller.member().id())))
        .compose(this::accounts)
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void directory(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String order = "new".equals(params.string("order")) ? "new" : "active";
    app.auth().optional(ctx, "read:accounts")
        .compose(caller -> app.pool().preparedQuery(DIRECTORY).execute(Tuple.of(
            Boolean.TRUE.equals(params.bool("local")), order, bounded(params.string("limit"), 40, 80),
            bounded(params.string("offset"), 0, 10_000))))
        .compose(this::accounts)
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private Future<JsonArray> accounts(RowSet<Row> rows) {
    List<Account> found = new ArrayList<>();
    rows.forEach(row -> found.add(AccountStore.map(row)));
    return presenter.accounts(found);
  }

  private static int bounded(String value, int fallback, int max) {
    if (value == null) {
      return fallback;
    }
    try {
      return Math.max(0, Math.min(max, Integer.parseInt(value.strip())));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
