package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Polls and their votes. */
public final class PollStore {
  /** A poll as stored, its tallies in option order. */
  public record Poll(long id, long statusId, long accountId, List<String> options, List<Long> tallies,
      boolean multiple, boolean hideTotals, long votersCount, OffsetDateTime expiresAt) {

    public boolean expired() {
      return expiresAt != null && expiresAt.isBefore(OffsetDateTime.now());
    }
  }

  /** A remote poll as its Question says: options, their counts, and when it ends (if it does). */
  public record Remote(List<String> options, List<Long> tallies, boolean multiple, long votersCount,
      OffsetDateTime expiresAt) {}

  /** A remote poll to store with its post. */
  public record RemoteOf(long statusId, long accountId, Remote poll) {}

  private static final String COLUMNS = "id, status_id, account_id, options, tallies, multiple,"
      + " hide_totals, voters_count, expires_at";
  private static final String INSERT = "INSERT INTO polls (status_id, account_id, options, tallies,"
      + " multiple, hide_totals, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS;
  // A remote Question, created or updated: its options and counts as the origin says.
  private static final String UPSERT_REMOTE = "INSERT INTO polls (status_id, account_id, options, tallies,"
      + " multiple, voters_count, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
      + " ON CONFLICT (status_id) DO UPDATE SET options = EXCLUDED.options, tallies = EXCLUDED.tallies,"
      + " multiple = EXCLUDED.multiple, voters_count = EXCLUDED.voters_count, expires_at = EXCLUDED.expires_at";
  private static final String BY_STATUSES = "SELECT " + COLUMNS + " FROM polls WHERE status_id = ANY($1)";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM polls WHERE id = $1";
  private static final String BY_STATUS = "SELECT " + COLUMNS + " FROM polls WHERE status_id = $1";
  private static final String OWN_VOTES = "SELECT poll_id, choice FROM poll_votes WHERE account_id = $1"
      + " AND poll_id = ANY($2) ORDER BY choice";
  private static final String VOTE = "INSERT INTO poll_votes (poll_id, account_id, choice, uri)"
      + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id";
  private static final String HAS_VOTED = "SELECT 1 FROM poll_votes WHERE poll_id = $1 AND account_id = $2";
  private static final String COUNT = "UPDATE polls SET tallies[$2] = tallies[$2] + 1,"
      + " voters_count = voters_count + $3 WHERE id = $1";

  private final SqlClient client;

  public PollStore(SqlClient client) {
    this.client = client;
  }

  public static Future<Poll> insert(SqlClient tx, long statusId, long accountId, List<String> options,
      boolean multiple, boolean hideTotals, OffsetDateTime expiresAt) {
    Long[] zeros = new Long[options.size()];
    Arrays.fill(zeros, 0L);
    return tx.preparedQuery(INSERT).execute(Tuple.tuple().addLong(statusId).addLong(accountId)
            .addArrayOfString(options.toArray(String[]::new)).addArrayOfLong(zeros)
            .addBoolean(multiple).addBoolean(hideTotals).addOffsetDateTime(expiresAt))
        .map(rows -> map(rows.iterator().next()));
  }

  /** Remote polls, created or updated as their Questions say, in one round trip. */
  public static Future<Void> upsertRemote(SqlClient tx, List<RemoteOf> polls) {
    if (polls.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (RemoteOf of : polls) {
      Remote poll = of.poll();
      rows.add(Tuple.tuple().addLong(of.statusId()).addLong(of.accountId())
          .addArrayOfString(poll.options().toArray(String[]::new))
          .addArrayOfLong(poll.tallies().toArray(Long[]::new)).addBoolean(poll.multiple())
          .addLong(poll.votersCount()).addOffsetDateTime(poll.expiresAt()));
    }
    return tx.preparedQuery(UPSERT_REMOTE).executeBatch(rows).mapEmpty();
  }

  public Future<Map<Long, Poll>> byStatuses(Collection<Long> statusIds) {
    return byStatuses(client, statusIds);
  }

  public static Future<Map<Long, Poll>> byStatuses(SqlClient client, Collection<Long> statusIds) {
    Map<Long, Poll> polls = new HashMap<>();
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(polls);
    }
    return client.preparedQuery(BY_STATUSES).execute(Tuple.of(statusIds.toArray(Long[]::new)))
        .map(rows -> {
          rows.forEach(row -> {
            Poll poll = map(row);
            polls.put(poll.statusId(), poll);
          });
          return polls;
        });
  }

  public Future<Optional<Poll>> byId(long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(PollStore::first);
  }

  public static Future<Optional<Poll>> byStatus(SqlClient client, long statusId) {
    return client.preparedQuery(BY_STATUS).execute(Tuple.of(statusId)).map(PollStore::first);
  }

  /** The viewer's choices in each of these polls. */
  public Future<Map<Long, List<Integer>>> ownVotes(long accountId, Collection<Long> pollIds) {
    Map<Long, List<Integer>> votes = new HashMap<>();
    if (pollIds.isEmpty()) {
      return Future.succeededFuture(votes);
    }
    return client.preparedQuery(OWN_VOTES)
        .execute(Tuple.tuple().addLong(accountId).addArrayOfLong(pollIds.toArray(Long[]::new)))
        .map(rows -> {
          rows.forEach(row -> votes.computeIfAbsent(row.getLong(0), id -> new ArrayList<>())
              .add(row.getInteger(1)));
          return votes;
        });
  }

  public static Future<Boolean> hasVoted(SqlClient client, long pollId, long accountId) {
    return client.preparedQuery(HAS_VOTED).execute(Tuple.of(pollId, accountId)).map(rows -> rows.size() > 0);
  }

  /** Records one choice (0-based) and counts it; {@code newVoter} adds to the voters too. */
  public static Future<Boolean> vote(SqlClient tx, long pollId, long accountId, int choice, String uri,
      boolean newVoter) {
    return tx.preparedQuery(VOTE).execute(Tuple.of(pollId, accountId, choice, uri)).compose(rows ->
        rows.size() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery(COUNT).execute(Tuple.of(pollId, choice + 1, newVoter ? 1 : 0)).map(true));
  }

  private static Optional<Poll> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
  }

  private static Poll map(Row row) {
    return new Poll(row.getLong("id"), row.getLong("status_id"), row.getLong("account_id"),
        Arrays.asList(row.getArrayOfStrings("options")), Arrays.asList(row.getArrayOfLongs("tallies")),
        row.getBoolean("multiple"), row.getBoolean("hide_totals"), row.getLong("voters_count"),
        row.getOffsetDateTime("expires_at"));
  }
}
