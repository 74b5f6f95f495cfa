package org.plutro.server.service;

import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Visibility;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.ScheduledStatusStore;
import org.plutro.server.store.ScheduledStatusStore.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts to publish later, as Mastodon's scheduled statuses: checked when scheduled (at least five
 * minutes ahead, within the limits, its text, poll, uploads and quoted post valid), then published by the
 * durable job queue at their time, once, whichever process runs the job and across restarts.
 */
public final class ScheduledStatuses {
  public static final Duration MINIMUM_OFFSET = Duration.ofMinutes(5);
  static final int TOTAL_LIMIT = 300;
  static final int DAILY_LIMIT = 25;
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledStatuses.class);

  private final Pool pool;
  private final ScheduledStatusStore store;
  private final AccountStore accounts;
  private final StatusService statuses;
  private final SuspendedAccounts suspended;

  public ScheduledStatuses(Pool pool, ScheduledStatusStore store, AccountStore accounts,
      StatusService statuses, SuspendedAccounts suspended) {
    this.pool = pool;
    this.store = store;
    this.accounts = accounts;
    this.statuses = statuses;
    this.suspended = suspended;
  }

  /** {@code scheduled_at} as clients send it (ISO 8601); 422 when unreadable or too soon. */
  public static OffsetDateTime time(String value) {
    OffsetDateTime at;
    try {
      at = OffsetDateTime.parse(value.strip());
    } catch (DateTimeParseException e) {
      try {
        at = java.time.LocalDateTime.parse(value.strip()).atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw new ValidationErrors().add("scheduled_at", "ERR_INVALID", "is not a valid date")
            .toException();
      }
    }
    if (at.isBefore(OffsetDateTime.now().plus(MINIMUM_OFFSET))) {
      throw new ValidationErrors().add("scheduled_at", "ERR_TOO_SOON",
          "The scheduled date must be at least 5 minutes in the future").toException();
    }
    return at;
  }

  public Future<Scheduled> schedule(Account author, StatusService.Draft draft, OffsetDateTime at) {
    List<Long> media;
    try {
      StatusService.check(draft);
      media = MediaService.parseIds(draft.mediaIds());
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    return withinLimits(author, at)
        .compose(ok -> statuses.quotable(author, draft.quotedStatusId()))
        .compose(ok -> uploadsFree(author, media))
        .compose(ok -> store.insert(author.id(), at, params(draft), media));
  }

  public Future<Scheduled> reschedule(Account author, long id, OffsetDateTime at) {
    return store.one(author.id(), id).compose(found -> found.isEmpty()
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : withinLimits(author, at).compose(ok -> store.reschedule(author.id(), id, at))
            .map(Optional::orElseThrow));
  }

  public Future<Scheduled> one(Account author, long id) {
    return store.one(author.id(), id).map(found -> found.orElseThrow(
        () -> ServiceException.notFound("Record not found")));
  }

  public Future<List<Scheduled>> page(Account author, Page page) {
    return store.page(author.id(), page);
  }

  public Future<Void> cancel(Account author, long id) {
    return store.delete(author.id(), id).compose(deleted -> deleted ? Future.succeededFuture()
        : Future.failedFuture(ServiceException.notFound("Record not found")));
  }

  /**
   * The job at a post's time. The post is made with an idempotency key of its own, so a run
   * that dies between posting and deleting the row does not post twice when it runs again. What
   * can no longer be posted (its reply parent gone, its uploads used elsewhere) is dropped, as
   * Mastodon drops it: no later run could do better.
   */
  public Future<Void> publish(JsonObject payload) {
    long id = Long.parseLong(payload.getString("id"));
    return store.byId(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture();
      }
      Scheduled scheduled = found.get();
      if (scheduled.scheduledAt().isAfter(OffsetDateTime.now())) {
        return Future.succeededFuture(); // moved to a later time: that time's job publishes it
      }
      return accounts.byId(scheduled.accountId()).compose(author -> {
        if (author.isEmpty() || author.get().deletedAt() != null
            || suspended.contains(author.get().id())) {
          return store.delete(scheduled.accountId(), id).mapEmpty();
        }
        return statuses.post(author.get(), draft(scheduled))
            .<Void>mapEmpty()
            .recover(failure -> {
              if (failure instanceof ServiceException refused && refused.status() < 500) {
                LOG.warn("Scheduled post {} of account {} cannot be published and is dropped: {}",
                    id, scheduled.accountId(), refused.getMessage());
                return Future.succeededFuture();
              }
              return Future.failedFuture(failure);
            })
            .compose(done -> store.delete(scheduled.accountId(), id).mapEmpty());
      });
    });
  }

  private Future<Void> withinLimits(Account author, OffsetDateTime at) {
    return store.counts(author.id(), at).compose(counts -> {
      if (counts[0] >= TOTAL_LIMIT) {
        return Future.failedFuture(ServiceException.unprocessable(
            "You have exceeded the limit of " + TOTAL_LIMIT + " scheduled posts"));
      }
      if (counts[1] >= DAILY_LIMIT) {
        return Future.failedFuture(ServiceException.unprocessable(
            "You have exceeded the limit of " + DAILY_LIMIT + " scheduled posts for that day"));
      }
      return Future.succeededFuture();
    });
  }

  /** The uploads must be the member's, not in a post yet, and not waiting in another. */
  private Future<Void> uploadsFree(Account author, List<Long> media) {
    if (media.isEmpty()) {
      return Future.succeededFuture();
    }
    return MediaStore.lockAttachable(pool, media, author.id(), 0L)
        .compose(found -> store.reserved(author.id(), media).compose(reserved -> {
          List<Long> unavailable = new ArrayList<>(media);
          found.forEach(m -> unavailable.remove(m.id()));
          unavailable.addAll(reserved);
          return unavailable.isEmpty() ? Future.succeededFuture()
              : Future.failedFuture(ServiceException.unprocessable(
                  "Media attachment not found or already attached: " + unavailable));
        }));
  }

  /** What the post will be, as Mastodon's ScheduledStatus {@code params} names it. */
  static JsonObject params(StatusService.Draft draft) {
    JsonObject params = new JsonObject()
        .put("text", draft.text())
        .put("spoiler_text", draft.spoilerText())
        .put("sensitive", draft.sensitive())
        .put("visibility", draft.visibility().name().toLowerCase(java.util.Locale.ROOT))
        .put("visibility_chosen", draft.visibilityChosen())
        .put("language", draft.language())
        .put("in_reply_to_id", draft.inReplyToId())
        .put("media_ids", draft.mediaIds() == null || draft.mediaIds().isEmpty() ? null
            : new JsonArray(new ArrayList<>(draft.mediaIds())))
        .put("idempotency", draft.idempotencyKey())
        .put("quoted_status_id", draft.quotedStatusId() == null || draft.quotedStatusId().isBlank() ? null
            : draft.quotedStatusId().strip())
        .put("quote_approval_policy", draft.quotePolicy());
    if (draft.poll() != null) {
      params.put("poll", new JsonObject().put("options", new JsonArray(draft.poll().options()))
          .put("expires_in", draft.poll().expiresIn()).put("multiple", draft.poll().multiple())
          .put("hide_totals", draft.poll().hideTotals()));
    }
    return params;
  }

  private static StatusService.Draft draft(Scheduled scheduled) {
    JsonObject p = scheduled.params();
    JsonObject poll = p.getJsonObject("poll");
    List<String> media = new ArrayList<>();
    scheduled.mediaIds().forEach(id -> media.add(Long.toString(id)));
    return new StatusService.Draft(p.getString("text"), Visibility.parse(p.getString("visibility")),
        p.getString("spoiler_text"), p.getBoolean("sensitive", false), p.getString("language"),
        p.getString("in_reply_to_id"), media, "scheduled-" + scheduled.id(),
        p.getBoolean("visibility_chosen", true),
        poll == null ? null : new PollService.PollDraft(optionsOf(poll),
            poll.getInteger("expires_in"), poll.getBoolean("multiple", false),
            poll.getBoolean("hide_totals", false)),
        p.getString("quoted_status_id"), p.getString("quote_approval_policy"));
  }

  private static List<String> optionsOf(JsonObject poll) {
    List<String> options = new ArrayList<>();
    poll.getJsonArray("options", new JsonArray()).forEach(option -> options.add(String.valueOf(option)));
    return options;
  }
}
