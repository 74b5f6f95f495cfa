package org.plutro.server.federation.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.plutro.server.db.Batcher;

/**
 * The one write an inbox makes before answering 202: remember the activity id (a repeat is a
 * no-op), queue its job, and mark the sender's domain available again — one statement, one
 * commit. Deliveries arriving together are taken in together (group commit, see {@link Batcher}).
 */
final class InboxIntake {
  /** An activity to take in: its id, the job's JSON, and the sender's domain. */
  record Item(String uri, String payload, String domain) {}

  private static final int MAX_BATCH = 64;
  private static final int BATCHES_IN_FLIGHT = 4;
  // The domain is written only when that changes something, or once a minute.
  private static final String DOMAIN_SEEN = " UPDATE instances SET last_seen_at = now(),"
      + " unavailable_since = NULL, failure_days = 0, first_failure_at = NULL,"
      + " last_failure_day = NULL WHERE domain = ANY(%s) AND (unavailable_since IS NOT NULL"
      + " OR failure_days > 0 OR last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')";
  // Jobs are leased to this process from birth: it runs them at once, from memory; the lease lets
  // another process take one over only if this one dies first.
  private static final String ONE = "WITH seen AS (INSERT INTO inbox_seen (uri) VALUES ($1)"
      + " ON CONFLICT DO NOTHING RETURNING uri),"
      + " job AS (INSERT INTO jobs (kind, payload, attempts, locked_until)"
      + " SELECT '" + InboxProcessor.JOB + "', $2::text::jsonb, 1, now() + make_interval(secs => $4)"
      + " FROM seen RETURNING id),"
      + " domain AS (" + DOMAIN_SEEN.formatted("ARRAY[$3]") + " AND EXISTS (SELECT 1 FROM seen))"
      + " SELECT (SELECT id FROM job) AS job";
  private static final String MANY = "WITH input AS MATERIALIZED (SELECT * FROM"
      + " unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t (uri, payload, domain, n)),"
      + " seen AS (INSERT INTO inbox_seen (uri) SELECT DISTINCT uri FROM input"
      + " ON CONFLICT DO NOTHING RETURNING uri),"
      // The same id twice in one batch: the first one is taken in.
      + " fresh AS MATERIALIZED (SELECT DISTINCT ON (i.uri) next_id() AS id, i.n, i.payload"
      + " FROM input i JOIN seen s ON s.uri = i.uri ORDER BY i.uri, i.n),"
      + " job AS (INSERT INTO jobs (id, kind, payload, attempts, locked_until)"
      + " SELECT id, '" + InboxProcessor.JOB + "', payload::jsonb, 1, now() + make_interval(secs => $4)"
      + " FROM fresh),"
      + " domain AS (" + DOMAIN_SEEN.formatted("ARRAY(SELECT DISTINCT i.domain FROM input i"
      + " JOIN seen s ON s.uri = i.uri)") + ")"
      + " SELECT n, id FROM fresh";

  private final SqlClient client;
  private final long leaseSeconds;
  private final Batcher<Item, Long> batcher;

  InboxIntake(SqlClient client, long leaseSeconds) {
    this.client = client;
    this.leaseSeconds = leaseSeconds;
    this.batcher = new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, this::many, this::one);
  }

  /** The queued job's id, or null when this activity id was taken in before. */
  Future<Long> takeIn(Item item) {
    return batcher.submit(item);
  }

  private Future<Long> one(Item item) {
    return client.preparedQuery(ONE)
        .execute(Tuple.of(item.uri(), item.payload(), item.domain(), leaseSeconds))
        .map(rows -> rows.iterator().next().getLong("job"));
  }

  Future<List<Long>> many(List<Item> items) {
    if (items.size() == 1) {
      return one(items.get(0)).map(id -> Arrays.asList(id));
    }
    String[] uris = new String[items.size()];
    String[] payloads = new String[items.size()];
    String[] domains = new String[items.size()];
    for (int i = 0; i < items.size(); i++) {
      uris[i] = items.get(i).uri();
      payloads[i] = items.get(i).payload();
      domains[i] = items.get(i).domain();
    }
    return client.preparedQuery(MANY).execute(Tuple.of(uris, payloads, domains, leaseSeconds))
        .map(rows -> {
          List<Long> jobs = new ArrayList<>(items.size());
          for (int i = 0; i < items.size(); i++) {
            jobs.add(null);
          }
          for (Row row : rows) {
            jobs.set((int) row.getLong("n").longValue() - 1, row.getLong("id"));
          }
          return jobs;
        });
  }
}
