package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.store.TrendStore;
import org.plutro.server.store.TrendStore.Card;
import org.plutro.server.store.TrendStore.Count;
import org.plutro.server.store.TrendStore.Kind;
import org.plutro.server.store.TrendStore.Scored;
import org.plutro.server.store.TrendStore.Trend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trends (policy 1: what people here may like): hashtags, posts and links rising on this instance,
 * scored every few minutes by a durable job ({@link TrendScores}), and shown to anyone only once a
 * moderator approved them; a rejected one stays hidden, however it rises. The same for the API,
 * the Explore page and the moderators' review.
 */
public final class Trends {
  public static final String JOB = "trends.refresh";
  static final Duration EVERY = Duration.ofMinutes(10);
  private static final String SUBJECT = "instance";
  private static final Logger LOG = LoggerFactory.getLogger(Trends.class);

  private final Pool pool;
  private final TrendStore store;
  private final JobStore jobs;
  private final AuditLog auditLog;

  public Trends(Pool pool, TrendStore store, JobStore jobs, AuditLog auditLog) {
    this.pool = pool;
    this.store = store;
    this.jobs = jobs;
    this.auditLog = auditLog;
  }

  /** Queues the first refresh, unless one is queued (each refresh queues the next). */
  public Future<Void> schedule() {
    return jobs.queueUnlessQueued(JOB, SUBJECT);
  }

  /** The job: the next one queued first (a failure here never ends the chain), then a refresh. */
  public Future<Void> run(JsonObject payload) {
    return JobStore.scheduleOnce(pool, JOB, SUBJECT, (int) EVERY.toSeconds())
        .compose(next -> refresh())
        .recover(failure -> {
          LOG.warn("Trends refresh failed: {}", failure.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Scores every kind anew. */
  public Future<Void> refresh() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return refresh(Kind.TAG, TrendScores.TAGS, now)
        .compose(done -> refresh(Kind.LINK, TrendScores.LINKS, now))
        .compose(done -> refresh(Kind.STATUS, TrendScores.STATUSES, now));
  }

  private Future<Void> refresh(Kind kind, TrendScores scores, OffsetDateTime now) {
    return Future.all(store.counts(kind), store.held(kind)).compose(both -> {
      List<Count> counts = both.resultAt(0);
      Map<Long, Trend> held = both.resultAt(1);
      Map<Long, Count> byItem = new HashMap<>();
      counts.forEach(count -> byItem.put(count.itemId(), count));
      Set<Long> items = new LinkedHashSet<>(byItem.keySet());
      items.addAll(held.keySet());
      List<Scored> scored = new ArrayList<>();
      for (long item : items) {
        Scored next = kind == Kind.STATUS ? scores.post(item, byItem.get(item), now)
            : scores.rising(item, byItem.get(item), held.get(item), now);
        // Only rows worth keeping: a score, a best score, or one held already (set to its new value).
        if (next.score() > 0 || next.maxScore() > 0 || held.containsKey(item)) {
          scored.add(next);
        }
      }
      return store.save(kind, scored);
    });
  }

  /**
   * A moderator's decision on a rising item: shown ({@code approve}) or hidden for good; written
   * in the audit log. 404 when no such trend.
   */
  public Future<Void> review(Kind kind, long itemId, boolean approve, AuditLog.By by) {
    return store.review(kind, itemId, approve ? "approved" : "rejected").compose(found -> !found
        ? Future.<Void>failedFuture(ServiceException.notFound("Record not found"))
        : target(kind, itemId).compose(target ->
            auditLog.record(by, approve ? "approve" : "reject", target, "")));
  }

  // Named as Mastodon's audit log names them: the hashtag, the post, the link.
  private Future<AuditLog.Target> target(Kind kind, long itemId) {
    String id = Long.toString(itemId);
    return switch (kind) {
      case TAG -> store.tags(List.of(itemId)).map(found -> new AuditLog.Target("Tag", id,
          found.isEmpty() ? "hashtag " + id : "#" + found.get(0).name()));
      case STATUS -> Future.succeededFuture(new AuditLog.Target("Status", id, "post " + id));
      case LINK -> store.cards(List.of(itemId)).map(found -> new AuditLog.Target("PreviewCard", id,
          found.isEmpty() ? "link " + id : found.get(0).card().url()));
    };
  }

  /** A rising item with its trend row (score, review). */
  public record Rising<T>(Trend trend, T item) {
    public boolean approved() {
      return "approved".equals(trend.review());
    }

    public boolean rejected() {
      return "rejected".equals(trend.review());
    }
  }

  /** Hashtags rising now, reviewed or not, strongest first (for the moderators). */
  public Future<List<Rising<Tag>>> risingTags(int limit) {
    return rising(Kind.TAG, limit, store::tags, Tag::id);
  }

  public Future<List<Rising<Status>>> risingStatuses(int limit) {
    return rising(Kind.STATUS, limit, store::statuses, Status::id);
  }

  public Future<List<Rising<Card>>> risingLinks(int limit) {
    return rising(Kind.LINK, limit, store::cards, Card::id);
  }

  /** One item's trend row, for the moderators' answer after a review. */
  public Future<Optional<Trend>> trend(Kind kind, long itemId) {
    return store.one(kind, itemId);
  }

  private <T> Future<List<Rising<T>>> rising(Kind kind, int limit,
      Function<List<Long>, Future<List<T>>> load, Function<T, Long> id) {
    return store.rising(kind, limit).compose(rows -> load.apply(rows.stream().map(Trend::itemId).toList())
        .map(items -> {
          Map<Long, T> byId = new HashMap<>();
          items.forEach(item -> byId.put(id.apply(item), item));
          // Strongest first; an item gone meanwhile (deleted) is left out.
          return rows.stream().filter(row -> byId.containsKey(row.itemId()))
              .map(row -> new Rising<>(row, byId.get(row.itemId()))).toList();
        }));
  }

  /** Approved hashtags that rise now, strongest first. */
  public Future<List<Tag>> tags(int limit, int offset) {
    return store.approvedTags(limit, offset);
  }

  /** Approved posts that rise now, strongest first; none {@code viewerId} (null: anyone) chose not to see. */
  public Future<List<Status>> statuses(Long viewerId, int limit, int offset) {
    return store.approvedStatuses(viewerId, limit, offset);
  }

  /** Approved links that rise now, strongest first. */
  public Future<List<Card>> links(int limit, int offset) {
    return store.approvedLinks(limit, offset);
  }
}
