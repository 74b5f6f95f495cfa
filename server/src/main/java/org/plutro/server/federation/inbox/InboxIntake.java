package org.plutro.server.federation.inbox;

import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import org.plutro.server.db.Batcher;
import org.plutro.server.store.JobStore;

/**
 * The one write an inbox makes before answering 202: remember the activity id (a repeat is a
 * no-op), queue its job, and mark the sender's domain available again — one statement, one
 * commit ({@link JobStore#takeIn}). Deliveries arriving together are taken in together (group commit, see {@link Batcher}).
 */
final class InboxIntake {
  /** An activity to take in: its id, the job's JSON, and the sender's domain. */
  record Item(String uri, String payload, String domain) {}

  private static final int MAX_BATCH = 64;
  // One commit at a time: the deliveries arriving during a commit (a disk flush, 3-4 ms here) all
  // go in the next. With four at a time, a busy inbox committed every two or three deliveries; with
  // one, every eight or more, and 64 per flush still take in far more than signatures can verify.
  private static final int BATCHES_IN_FLIGHT = 1;

  private final JobStore jobStore;
  private final long leaseSeconds;
  private final Batcher<Item, Long> batcher;

  InboxIntake(JobStore jobStore, long leaseSeconds) {
    this.jobStore = jobStore;
    this.leaseSeconds = leaseSeconds;
    this.batcher = new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, this::many, this::one);
  }

  /** The queued job's id, or null when this activity id was taken in before. */
  Future<Long> takeIn(Item item) {
    return batcher.submit(item);
  }

  private Future<Long> one(Item item) {
    return jobStore.takeIn(InboxProcessor.JOB, item.uri(), item.payload(), item.domain(), leaseSeconds);
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
    return jobStore.takeIn(InboxProcessor.JOB, uris, payloads, domains, leaseSeconds);
  }
}
