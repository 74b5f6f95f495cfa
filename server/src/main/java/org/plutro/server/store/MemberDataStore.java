package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Markers: a member's saved reading positions in the home timeline and notifications. */
public final class MemberDataStore {
  private static final String MARKERS = "SELECT timeline, last_read_id, version, updated_at"
      + " FROM markers WHERE account_id = $1 AND timeline = ANY($2) ORDER BY timeline";
  // Each save bumps the version, as Mastodon's lock_version; the first save is version 0.
  private static final String SAVE = "INSERT INTO markers (account_id, timeline, last_read_id)"
      + " VALUES ($1, $2, $3) ON CONFLICT (account_id, timeline) DO UPDATE"
      + " SET last_read_id = EXCLUDED.last_read_id, version = markers.version + 1, updated_at = now()"
      + " RETURNING timeline, last_read_id, version, updated_at";

  public record Marker(String timeline, long lastReadId, int version, OffsetDateTime updatedAt) {}

  private final Pool pool;

  public MemberDataStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Map<String, Marker>> markers(long accountId, List<String> timelines) {
    return pool.preparedQuery(MARKERS)
        .execute(Tuple.of(accountId, (Object) timelines.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Marker> markers = new LinkedHashMap<>();
          rows.forEach(row -> markers.put(row.getString("timeline"), marker(row)));
          return markers;
        });
  }

  /** Saves the positions given (timeline → last read id) in one transaction. */
  public Future<Map<String, Marker>> save(long accountId, Map<String, Long> positions) {
    return pool.withTransaction(tx -> {
      Map<String, Marker> saved = new LinkedHashMap<>();
      Future<Void> chain = Future.succeededFuture();
      for (var position : positions.entrySet()) {
        chain = chain.compose(done -> tx.preparedQuery(SAVE)
            .execute(Tuple.of(accountId, position.getKey(), position.getValue()))
            .map(rows -> {
              saved.put(position.getKey(), marker(rows.iterator().next()));
              return null;
            }));
      }
      return chain.map(done -> saved);
    });
  }

  private static Marker marker(Row row) {
    return new Marker(row.getString("timeline"), row.getLong("last_read_id"),
        row.getInteger("version"), row.getOffsetDateTime("updated_at"));
  }
}
