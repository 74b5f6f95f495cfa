package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;

import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.plutro.federation.vocab.Note;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Note;
import org.plutro.server.federation.mapper.NoteDocument;
import org.plutro.server.federation.mapper.PollDocuments;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.PollStore.Poll;

/**
 * Polls, as Mastodon runs them: created with a post (2 to 4 options of up to 50 characters,
 * open 5 minutes to a month), voted on once per member (several choices if the poll allows),
 * federated both ways: our polls go out as Questions and their counts as {@code Update}s after
 * each vote; our members' votes on remote polls go to the poll's author as Notes named after the
 * option; remote votes on our polls are counted, never stored as posts.
 */
public final class PollService {
  public static final int MAX_OPTIONS = 4;
  public static final int MAX_OPTION_CHARS = 50;
  public static final int MIN_EXPIRATION = 300;
  public static final int MAX_EXPIRATION = 2_629_746;
  public static final String ENDED_JOB = "poll.ended";
  public static final String COUNTS_JOB = "poll.counts";
  /** Votes gathered into one Update of the counts (Mastodon waits 3 minutes; a busy poll sends few). */
  public static final int COUNTS_DELAY_SECONDS = 3;

  /** The {@code poll[...]} parameters of a new post. */
  public record PollDraft(List<String> options, Integer expiresIn, boolean multiple, boolean hideTotals) {}

  private final Pool pool;
  private final Uris uris;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final StatusVisibility statusVisibility;
  private final Publisher publisher;
  private final PollStore polls;

  public PollService(Pool pool, Uris uris, AccountStore accounts, StatusStore statuses,
      StatusVisibility statusVisibility, Publisher publisher) {
    this.pool = pool;
    this.uris = uris;
    this.accounts = accounts;
    this.statuses = statuses;
    this.statusVisibility = statusVisibility;
    this.publisher = publisher;
    this.polls = new PollStore(pool);
  }

  static void validate(PollDraft draft, boolean withMedia, ValidationErrors errors) {
    List<String> options = draft.options() == null ? List.of() : draft.options();
    if (withMedia) {
      errors.add("poll", "ERR_INVALID", "cannot be attached to a post with media");
    }
    if (options.size() < 2 || options.size() > MAX_OPTIONS) {
      errors.add("poll", "ERR_INVALID", "must have 2 to " + MAX_OPTIONS + " options");
    } else if (options.stream().anyMatch(o -> o == null || o.isBlank()
        || o.strip().codePointCount(0, o.strip().length()) > MAX_OPTION_CHARS)) {
      errors.add("poll", "ERR_INVALID", "options are 1 to " + MAX_OPTION_CHARS + " characters");
    } else if (new LinkedHashSet<>(options.stream().map(String::strip).toList()).size() != options.size()) {
      errors.add("poll", "ERR_INVALID", "options must be different");
    }
    if (draft.expiresIn() == null || draft.expiresIn() < MIN_EXPIRATION || draft.expiresIn() > MAX_EXPIRATION) {
      errors.add("poll", "ERR_INVALID", "expires_in must be " + MIN_EXPIRATION + " to "
          + MAX_EXPIRATION + " seconds");
    }
  }

  /** The post's poll, in the post's transaction (none without a draft). */
  static Future<Optional<Poll>> create(SqlClient tx, Status status, Account author, PollDraft draft) {
    if (draft == null) {
      return Future.succeededFuture(Optional.empty());
    }
    OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(draft.expiresIn())
        .truncatedTo(ChronoUnit.MILLIS);
    return PollStore.insert(tx, status.id(), author.id(), draft.options().stream().map(String::strip).toList(),
        draft.multiple(), draft.hideTotals(), expires)
        .compose(poll -> scheduleEnd(tx, poll).map(Optional.of(poll)));
  }

  /** When a poll ends, its author (if ours) and our members who voted are told (once each). */
  private static Future<Void> scheduleEnd(SqlClient tx, Poll poll) {
    return poll.expiresAt() == null ? Future.succeededFuture()
        : JobStore.scheduleAtUnlessQueued(tx, ENDED_JOB, Long.toString(poll.id()), poll.expiresAt());
  }

  /** The job at a poll's end: its author, if ours, and our members who voted get a poll notification. */
  public Future<Void> ended(JsonObject payload) {
    return NotificationStore.insertPollEnded(pool, Long.parseLong(payload.getString("subject")));
  }

  /** Why a vote was refused, for a page that words it its own way. */
  public enum Refusal { ENDED, OWN_POLL, ALREADY_VOTED, BAD_CHOICE }

  /** A refused vote: 422 with Mastodon's words for the API, and the reason as a value. */
  public static final class VoteRefused extends ServiceException {
    private final Refusal reason;

    VoteRefused(Refusal reason, String why) {
      super(422, "Validation failed: " + why);
      this.reason = reason;
    }

    public Refusal reason() {
      return reason;
    }
  }

  private static VoteRefused refused(Refusal reason, String why) {
    return new VoteRefused(reason, why);
  }

  /** A member votes; answers the poll as it is now. */
  public Future<Poll> vote(Account member, long pollId, List<String> choices) {
    return polls.byId(pollId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      Poll poll = found.get();
      return statuses.byId(poll.statusId()).compose(status -> status.isEmpty() || status.get().isDeleted()
          ? Future.failedFuture(ServiceException.notFound("Record not found"))
          : statusVisibility.maySee(Optional.of(member), status.get()).compose(visible -> {
            if (!visible) {
              return Future.failedFuture(ServiceException.notFound("Record not found"));
            }
            List<Integer> picked;
            try {
              picked = choices(poll, choices);
            } catch (ServiceException e) {
              return Future.failedFuture(e);
            }
            if (poll.expired()) {
              return Future.failedFuture(refused(Refusal.ENDED, "The poll has already ended"));
            }
            if (poll.accountId() == member.id()) {
              return Future.failedFuture(refused(Refusal.OWN_POLL, "You cannot vote in your own poll"));
            }
            return cast(member, poll, status.get(), picked);
          }));
    });
  }

  private static List<Integer> choices(Poll poll, List<String> choices) {
    Set<Integer> picked = new LinkedHashSet<>();
    for (String choice : choices == null ? List.<String>of() : choices) {
      try {
        int index = Integer.parseInt(choice.strip());
        if (index < 0 || index >= poll.options().size()) {
          throw refused(Refusal.BAD_CHOICE, "That is not an option of this poll");
        }
        picked.add(index);
      } catch (NumberFormatException e) {
        throw refused(Refusal.BAD_CHOICE, "That is not an option of this poll");
      }
    }
    if (picked.isEmpty() || (!poll.multiple() && picked.size() > 1)) {
      throw refused(Refusal.BAD_CHOICE, picked.isEmpty() ? "Choices can't be blank"
          : "This poll takes one choice");
    }
    return new ArrayList<>(picked);
  }

  private Future<Poll> cast(Account member, Poll poll, Status status, List<Integer> picked) {
    return accounts.byId(poll.accountId())
        .compose(author -> pool.withTransaction(tx ->
            castInTransaction(tx, member, poll, status, picked, author)))
        .compose(done -> polls.byId(poll.id())).map(Optional::orElseThrow);
  }

  /** The member's choices, unless they voted already; then the counts or the end scheduled. */
  private Future<Void> castInTransaction(SqlClient tx, Account member, Poll poll, Status status,
      List<Integer> picked, Optional<Account> author) {
    return PollStore.hasVoted(tx, poll.id(), member.id()).compose(voted -> {
      if (voted) {
        return Future.failedFuture(refused(Refusal.ALREADY_VOTED, "You have already voted on this poll"));
      }
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < picked.size(); i++) {
        int choice = picked.get(i);
        boolean first = i == 0;
        chain = chain.compose(done -> vote(tx, member, poll, status, author, choice, first));
      }
      // Our member hears when a remote poll they voted in ends, as with ours.
      return chain.compose(done -> status.local() ? scheduleCounts(tx, status) : scheduleEnd(tx, poll));
    });
  }

  /** One choice, counted; a remote poll's author counts it: the vote goes to them alone. */
  private Future<Void> vote(SqlClient tx, Account member, Poll poll, Status status,
      Optional<Account> author, int choice, boolean first) {
    String uri = member.uri() + "#votes/" + poll.id() + "/" + choice;
    return PollStore.vote(tx, poll.id(), member.id(), choice, uri, first)
        .compose(counted -> status.local() ? Future.<Void>succeededFuture()
            : publisher.publish(tx, member.id(), PollDocuments.vote(uri, member,
                status.uri(), author.orElseThrow().uri(), poll.options().get(choice)),
                List.of(inbox(author.orElseThrow()))));
  }

  /**
   * A Note from a remote account answering one of our polls by an option's name: a vote, counted
   * and not stored as a post. Answers false when the note is no vote on a poll of ours.
   */
  public Future<Boolean> receiveVote(Account voter, Note note) {
    String target = note.inReplyToId().orElse(null);
    if (!note.isVote() || target == null || !uris.isLocal(target)) {
      return Future.succeededFuture(false);
    }
    return statuses.byUri(target).compose(status -> status.isEmpty() ? Future.succeededFuture(false)
        : PollStore.byStatus(pool, status.get().id()).compose(found -> found.isEmpty()
            ? Future.succeededFuture(false) : receiveVote(voter, note, status.get(), found.get())));
  }

  /** A vote on one of our polls (true), counted if the voter may see the poll and may vote. */
  private Future<Boolean> receiveVote(Account voter, Note note, Status status, Poll poll) {
    int choice = poll.options().indexOf(note.name());
    if (choice < 0 || poll.expired()) {
      return Future.succeededFuture(true);
    }
    return statusVisibility.maySee(Optional.of(voter), status).compose(visible -> !visible
        ? Future.succeededFuture(true)
        : pool.withTransaction(tx -> countVote(tx, voter, note.id(), status, poll, choice)).map(true));
  }

  /** One vote each on a single-choice poll; a counted vote schedules the new counts' Update. */
  private static Future<Void> countVote(SqlClient tx, Account voter, String voteUri, Status status,
      Poll poll, int choice) {
    return PollStore.hasVoted(tx, poll.id(), voter.id())
        .compose(voted -> voted && !poll.multiple() ? Future.succeededFuture(false)
            : PollStore.vote(tx, poll.id(), voter.id(), choice, voteUri, !voted))
        .compose(counted -> counted ? scheduleCounts(tx, status) : Future.succeededFuture());
  }

  private static Future<Void> scheduleCounts(SqlClient tx, Status status) {
    return JobStore.scheduleOnce(tx, COUNTS_JOB, Long.toString(status.id()), COUNTS_DELAY_SECONDS);
  }

  /** The job: our poll's current counts to its audience, an Update of the Question as Mastodon sends. */
  public Future<Void> announceCounts(JsonObject payload) {
    return statuses.byId(Long.parseLong(payload.getString("subject")))
        .compose(found -> found.isEmpty() || !found.get().local() ? Future.succeededFuture()
            : announceCounts(found.get()));
  }

  private Future<Void> announceCounts(Status status) {
    return accounts.byId(status.accountId()).map(Optional::orElseThrow)
        .compose(author -> NoteDocument.load(pool, status, author, uris)
            .compose(question -> pool.withTransaction(tx ->
                publishCounts(tx, status, author, question))));
  }

  /** Update(Question) to the author's followers, addressed as the Question is. */
  private Future<Void> publishCounts(SqlClient tx, Status status, Account author, Note question) {
    return org.plutro.server.delivery.Publisher.followerInboxes(tx, status.accountId())
        .compose(inboxes -> publisher.publish(tx, status.accountId(),
            Activity.builder(status.uri() + "#updates/" + System.currentTimeMillis(), "Update", author.uri())
                .to(question.to()).cc(question.cc()).object(question).build(), inboxes));
  }

  private static String inbox(Account account) {
    return account.sharedInboxUrl() != null ? account.sharedInboxUrl() : account.inboxUrl();
  }
}
