package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;

/**
 * A member's likes, shares, bookmarks and pins, written inside the caller's transaction. Each
 * write answers what it changed, so a repeated request changes and sends nothing.
 */
public final class InteractionStore {
  /** A like or pin that was written or removed: its id and, for likes, its ActivityPub id. */
  public record Written(long id, String uri) {}

  public static final int MAX_PINS = 5;

  // A like we give gets its uri from its id: actor#likes/id, as Mastodon's.
  private static final String INSERT_FAVOURITE = "WITH new AS (SELECT next_id() AS id)"
      + " INSERT INTO favourites (id, account_id, status_id, uri)"
      + " SELECT new.id, $1, $2, $3 || '#likes/' || new.id FROM new"
      + " ON CONFLICT DO NOTHING RETURNING id, uri";
  private static final String DELETE_FAVOURITE = "DELETE FROM favourites"
      + " WHERE account_id = $1 AND status_id = $2 RETURNING id, uri";
  private static final String INSERT_BOOKMARK = "INSERT INTO bookmarks (account_id, status_id)"
      + " VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id, NULL::text";
  private static final String DELETE_BOOKMARK = "DELETE FROM bookmarks"
      + " WHERE account_id = $1 AND status_id = $2 RETURNING id, NULL::text";
  // Pins of one member are written one at a time, so the limit cannot be passed by a race.
  private static final String LOCK_ACCOUNT = "SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE";
  private static final String PIN_COUNT = "SELECT count(*) FROM status_pins WHERE account_id = $1";
  private static final String PINNED = "SELECT id FROM status_pins WHERE account_id = $1 AND status_id = $2";
  private static final String INSERT_PIN = "INSERT INTO status_pins (account_id, status_id)"
      + " VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id, NULL::text";
  private static final String DELETE_PIN = "DELETE FROM status_pins"
      + " WHERE account_id = $1 AND status_id = $2 RETURNING id, NULL::text";
  // Another server's pins follow what it says (its own limit, not ours).
  private static final String PIN_REMOTE = "INSERT INTO status_pins (account_id, status_id)"
      + " VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final String KEEP_ONLY_PINS = "DELETE FROM status_pins"
      + " WHERE account_id = $1 AND NOT (status_id = ANY($2))";
  private static final String PIN_ALL = "INSERT INTO status_pins (account_id, status_id)"
      + " SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING";
  // A local share: its uri is the sharer's status uri + /activity (the Announce's id, as Mastodon's).
  private static final String INSERT_REBLOG = "WITH new AS (SELECT next_id() AS id)"
      + " INSERT INTO statuses (id, uri, url, account_id, local, content, visibility, to_uris,"
      + " cc_uris, reblog_of_id)"
      + " SELECT new.id, $1 || '/statuses/' || new.id || '/activity',"
      + " $1 || '/statuses/' || new.id || '/activity', $2, true, '', $3, $4, $5, $6 FROM new"
      + " ON CONFLICT DO NOTHING RETURNING " + StatusStore.COLUMNS.replace("s.", "");
  private static final String REBLOG = "SELECT " + StatusStore.COLUMNS + " FROM statuses s"
      + " WHERE s.account_id = $1 AND s.reblog_of_id = $2";
  private static final String DELETE_REBLOG = "DELETE FROM statuses"
      + " WHERE account_id = $1 AND reblog_of_id = $2 RETURNING " + StatusStore.COLUMNS.replace("s.", "");

  // Who the actor $1 is to the author $2 and the post $3 (for the post's interaction policy).
  private static final String RELATION = "SELECT EXISTS (SELECT 1 FROM follows WHERE account_id = $1"
      + " AND target_account_id = $2 AND state = 'accepted') AS follows,"
      + " EXISTS (SELECT 1 FROM mentions WHERE status_id = $3 AND account_id = $1) AS mentioned";
  // Approvals of interactions with a post whose policy asks for them (FEP-044f).
  private static final String APPROVE = "INSERT INTO interaction_approvals (status_id, interaction_uri,"
      + " actor_id) VALUES ($1, $2, $3) ON CONFLICT (interaction_uri) DO UPDATE SET"
      + " status_id = EXCLUDED.status_id RETURNING id";
  private static final String APPROVAL = "SELECT a.interaction_uri, x.uri AS actor_uri, s.id AS status_id"
      + " FROM interaction_approvals a JOIN accounts x ON x.id = a.actor_id"
      + " JOIN statuses s ON s.id = a.status_id WHERE a.id = $1 AND s.account_id = $2";
  private static final String FEATURED = "SELECT " + StatusStore.COLUMNS + " FROM status_pins p"
      + " JOIN statuses s ON s.id = p.status_id WHERE p.account_id = $1 AND s.deleted_at IS NULL"
      + " AND s.visibility IN ('public', 'unlisted') ORDER BY p.id DESC";

  private InteractionStore() {}

  /** Pinned posts anyone may read: the featured collection. */
  /** Whether an actor follows a post's author (accepted), and whether the post mentions the actor. */
  public record Relation(boolean follows, boolean mentioned) {}

  public static Future<Relation> relation(SqlClient client, long actorId, long authorId, long statusId) {
    return client.preparedQuery(RELATION).execute(Tuple.of(actorId, authorId, statusId)).map(rows -> {
      Row row = rows.iterator().next();
      return new Relation(row.getBoolean("follows"), row.getBoolean("mentioned"));
    });
  }

  /** An approval as stored: the interaction, its actor and the post it touched. */
  public record StoredApproval(String interactionUri, String actorUri, long statusId) {}

  /** Records the approval of an interaction (again: the same one); answers its id. */
  public static Future<Long> approve(SqlClient tx, long statusId, String interactionUri, long actorId) {
    return tx.preparedQuery(APPROVE).execute(Tuple.of(statusId, interactionUri, actorId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The approval with this id of an interaction with one of the author's posts. */
  public static Future<Optional<StoredApproval>> approval(SqlClient client, long id, long authorId) {
    return client.preparedQuery(APPROVAL).execute(Tuple.of(id, authorId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.<StoredApproval>empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new StoredApproval(row.getString("interaction_uri"), row.getString("actor_uri"),
          row.getLong("status_id")));
    });
  }

  public static Future<List<Status>> featured(SqlClient client, long accountId) {
    return client.preparedQuery(FEATURED).execute(Tuple.of(accountId)).map(StatusStore::all);
  }

  public static Future<Optional<Written>> favourite(SqlClient tx, long accountId, long statusId,
      String actorUri) {
    return written(tx.preparedQuery(INSERT_FAVOURITE).execute(Tuple.of(accountId, statusId, actorUri)));
  }

  public static Future<Optional<Written>> unfavourite(SqlClient tx, long accountId, long statusId) {
    return written(tx.preparedQuery(DELETE_FAVOURITE).execute(Tuple.of(accountId, statusId)));
  }

  public static Future<Optional<Written>> bookmark(SqlClient tx, long accountId, long statusId) {
    return written(tx.preparedQuery(INSERT_BOOKMARK).execute(Tuple.of(accountId, statusId)));
  }

  public static Future<Optional<Written>> unbookmark(SqlClient tx, long accountId, long statusId) {
    return written(tx.preparedQuery(DELETE_BOOKMARK).execute(Tuple.of(accountId, statusId)));
  }

  /** What pinning found: newly pinned, already pinned, or refused because of the limit. */
  public enum PinOutcome { PINNED, ALREADY, LIMIT }

  public record Pin(PinOutcome outcome, long id) {}

  public static Future<Pin> pin(SqlClient tx, long accountId, long statusId) {
    Tuple pair = Tuple.of(accountId, statusId);
    return tx.preparedQuery(LOCK_ACCOUNT).execute(Tuple.of(accountId))
        .compose(locked -> tx.preparedQuery(PINNED).execute(pair))
        .compose(existing -> {
          if (existing.size() > 0) {
            return Future.succeededFuture(new Pin(PinOutcome.ALREADY,
                existing.iterator().next().getLong(0)));
          }
          return tx.preparedQuery(PIN_COUNT).execute(Tuple.of(accountId)).compose(count -> {
            if (count.iterator().next().getLong(0) >= MAX_PINS) {
              return Future.succeededFuture(new Pin(PinOutcome.LIMIT, 0));
            }
            return tx.preparedQuery(INSERT_PIN).execute(pair)
                .map(rows -> new Pin(PinOutcome.PINNED, rows.iterator().next().getLong(0)));
          });
        });
  }

  public static Future<Optional<Written>> unpin(SqlClient tx, long accountId, long statusId) {
    return written(tx.preparedQuery(DELETE_PIN).execute(Tuple.of(accountId, statusId)));
  }

  /** Pins another server's post to its author's profile, as its server said; no limit applies. */
  public static Future<Void> pinRemote(SqlClient client, long accountId, long statusId) {
    return client.preparedQuery(PIN_REMOTE).execute(Tuple.of(accountId, statusId)).mapEmpty();
  }

  /** Makes {@code statusIds} the account's pins, exactly; one transaction. */
  public static Future<Void> replacePins(Pool pool, long accountId, List<Long> statusIds) {
    Tuple args = Tuple.tuple().addLong(accountId).addArrayOfLong(statusIds.toArray(Long[]::new));
    return pool.withTransaction(tx -> tx.preparedQuery(KEEP_ONLY_PINS).execute(args)
        .compose(done -> tx.preparedQuery(PIN_ALL).execute(args))).mapEmpty();
  }

  /** A new local share; empty if the member already shares it. */
  public static Future<Optional<Status>> reblog(SqlClient tx, String actorUri, long accountId,
      Visibility visibility, List<String> to, List<String> cc, long originalId) {
    return tx.preparedQuery(INSERT_REBLOG).execute(Tuple.of(actorUri, accountId,
            visibility.apiName(), to.toArray(String[]::new), cc.toArray(String[]::new), originalId))
        .map(InteractionStore::status);
  }

  public static Future<Optional<Status>> existingReblog(SqlClient client, long accountId, long originalId) {
    return client.preparedQuery(REBLOG).execute(Tuple.of(accountId, originalId))
        .map(InteractionStore::status);
  }

  /** Removes the member's share; answers it, to undo it with the addressing it had. */
  public static Future<Optional<Status>> unreblog(SqlClient tx, long accountId, long originalId) {
    return tx.preparedQuery(DELETE_REBLOG).execute(Tuple.of(accountId, originalId))
        .map(InteractionStore::status);
  }

  private static Optional<Status> status(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(StatusStore.map(rows.iterator().next()));
  }

  private static Future<Optional<Written>> written(Future<RowSet<Row>> result) {
    return result.map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Written(row.getLong(0), row.getString(1)));
    });
  }
}
