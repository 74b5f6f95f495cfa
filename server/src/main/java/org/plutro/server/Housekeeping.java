package org.plutro.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import org.plutro.server.service.RemoteMediaCache;
import org.plutro.server.store.BackfillStore;
import org.plutro.server.store.HousekeepingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic clean-up every process may run (each statement is safe to run twice): activity ids
 * taken in are forgotten after 30 days — a sender retries for a few days at most, and a very late
 * repeat finds the object it would create already stored. Home feed rows older than the feeds'
 * horizon (plus a day) are dropped: those pages are read from the follows. IP addresses of
 * sign-ins and tokens older than {@code PLUTRO_IP_RETENTION_DAYS} are erased. The statements are
 * {@link HousekeepingStore}'s. Copies of remote media are kept under their size limit, oldest
 * deleted first ({@link RemoteMediaCache#evict}); link previews no post shows any more are deleted
 * {@link #UNUSED_CARDS_KEPT_DAYS} after they were fetched, with the copies of their pictures.
 */
final class Housekeeping {
  static final Duration REMEMBER_ACTIVITY_IDS = Duration.ofDays(30);
  private static final Duration EVERY = Duration.ofHours(1);
  /** A remote account or thread looked at longer ago than this is fetched as new when looked at again. */
  private static final int BACKFILLS_KEPT_DAYS = 7;
  /** A link preview no post shows is kept this long: a post linking there again reuses it. */
  static final int UNUSED_CARDS_KEPT_DAYS = 7;
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final Vertx vertx;
  private final HousekeepingStore store;
  private final BackfillStore backfills;
  private final int ipRetentionDays;
  private final RemoteMediaCache remoteMedia;
  private long timer = -1;

  Housekeeping(Vertx vertx, SqlClient client, int ipRetentionDays, RemoteMediaCache remoteMedia) {
    this.vertx = vertx;
    this.store = new HousekeepingStore(client);
    this.backfills = new BackfillStore(client);
    this.ipRetentionDays = ipRetentionDays;
    this.remoteMedia = remoteMedia;
  }

  void start() {
    timer = vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), EVERY.toMillis(), id -> run());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Prunes until nothing old is left; answers how many ids were forgotten. */
  Future<Integer> run() {
    return pruneSeen(0).compose(forgotten -> trimFeeds().compose(done -> eraseAddresses())
            .compose(done -> backfills.prune(BACKFILLS_KEPT_DAYS))
            .compose(done -> remoteMedia.forgetUnusedCards(UNUSED_CARDS_KEPT_DAYS))
            .compose(done -> remoteMedia.evict())
            .map(forgotten))
        .onFailure(e -> LOG.warn("Housekeeping failed: {}", e.getMessage()));
  }

  private Future<Void> eraseAddresses() {
    return store.eraseAddresses(ipRetentionDays);
  }

  private Future<Void> trimFeeds() {
    return store.trimFeedsSlice()
        .compose(trimmed -> trimmed == HousekeepingStore.SLICE ? trimFeeds() : Future.succeededFuture());
  }

  private Future<Integer> pruneSeen(int sofar) {
    return store.pruneSeenSlice((int) REMEMBER_ACTIVITY_IDS.toDays())
        .compose(pruned -> pruned == HousekeepingStore.SLICE ? pruneSeen(sofar + HousekeepingStore.SLICE)
            : Future.succeededFuture(sofar + pruned));
  }
}
