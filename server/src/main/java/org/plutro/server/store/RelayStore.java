package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The relays we subscribe to, and what each answered to our Follow. */
public final class RelayStore {
  /** A relay: its inbox, the id of our Follow, and pending, accepted or rejected. */
  public record Relay(long id, String inboxUrl, String followActivityId, String state, OffsetDateTime createdAt) {}

  private static final String COLUMNS = "id, inbox_url, follow_activity_id, state, created_at";
  private static final String INSERT = "INSERT INTO relays (inbox_url, follow_activity_id) VALUES ($1, $2)"
      + " ON CONFLICT (inbox_url) DO NOTHING RETURNING " + COLUMNS;
  private static final String BY_INBOX = "SELECT " + COLUMNS + " FROM relays WHERE inbox_url = $1";
  private static final String ALL = "SELECT " + COLUMNS + " FROM relays ORDER BY created_at";
  private static final String DELETE = "DELETE FROM relays WHERE inbox_url = $1 RETURNING " + COLUMNS;
  private static final String BY_FOLLOW = "SELECT " + COLUMNS + " FROM relays WHERE follow_activity_id = $1";
  private static final String SET_STATE = "UPDATE relays SET state = $2 WHERE id = $1";
  private static final String ACCEPTED_INBOXES = "SELECT inbox_url FROM relays WHERE state = 'accepted'";

  private final SqlClient client;

  public RelayStore(SqlClient client) {
    this.client = client;
  }

  /** A new relay, pending; empty when one with this inbox exists. In the caller's transaction. */
  public static Future<Optional<Relay>> insert(SqlClient tx, String inboxUrl, String followActivityId) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(inboxUrl, followActivityId)).map(RelayStore::first);
  }

  /** Removes the relay; in the caller's transaction. */
  public static Future<Optional<Relay>> delete(SqlClient tx, String inboxUrl) {
    return tx.preparedQuery(DELETE).execute(Tuple.of(inboxUrl)).map(RelayStore::first);
  }

  public Future<Optional<Relay>> byInbox(String inboxUrl) {
    return client.preparedQuery(BY_INBOX).execute(Tuple.of(inboxUrl)).map(RelayStore::first);
  }

  public Future<List<Relay>> all() {
    return client.query(ALL).execute().map(rows -> {
      List<Relay> relays = new ArrayList<>();
      rows.forEach(row -> relays.add(relay(row)));
      return relays;
    });
  }

  /** The relay our Follow {@code followActivityId} went to. */
  public Future<Optional<Relay>> byFollow(String followActivityId) {
    return client.preparedQuery(BY_FOLLOW).execute(Tuple.of(followActivityId)).map(RelayStore::first);
  }

  /** Records the relay's answer to our Follow. */
  public Future<Void> answered(long relayId, boolean accepted) {
    return client.preparedQuery(SET_STATE).execute(Tuple.of(relayId, accepted ? "accepted" : "rejected"))
        .mapEmpty();
  }

  /** The inboxes of the relays that accepted us: where public posts also go. */
  public static Future<List<String>> acceptedInboxes(SqlClient tx) {
    return tx.query(ACCEPTED_INBOXES).execute().map(rows -> {
      List<String> inboxes = new ArrayList<>();
      rows.forEach(row -> inboxes.add(row.getString(0)));
      return inboxes;
    });
  }

  private static Optional<Relay> first(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(relay(rows.iterator().next()));
  }

  private static Relay relay(Row row) {
    return new Relay(row.getLong("id"), row.getString("inbox_url"), row.getString("follow_activity_id"),
        row.getString("state"), row.getOffsetDateTime("created_at"));
  }
}
