package org.plutro.server.federation.mapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Note;
import org.plutro.server.domain.Account;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.PollStore.Poll;

/**
 * Polls as ActivityPub writes them (Mastodon's shape): the post becomes a {@code Question} whose
 * {@code oneOf} (or {@code anyOf}, several choices allowed) holds the options with their counts as
 * {@code replies.totalItems}, with {@code endTime}, {@code closed} once over, and
 * {@code votersCount}; a vote is a {@code Create} of a Note named after the option, in reply to
 * the Question, to its author only.
 */
public final class PollDocuments {
  private PollDocuments() {}

  /** Our poll as its Question carries it (it is over once it expired). */
  public static org.plutro.federation.vocab.Poll poll(Poll poll) {
    List<org.plutro.federation.vocab.Poll.Option> options = new ArrayList<>();
    for (int i = 0; i < poll.options().size(); i++) {
      options.add(new org.plutro.federation.vocab.Poll.Option(poll.options().get(i), poll.tallies().get(i)));
    }
    Instant end = poll.expiresAt() == null ? null : poll.expiresAt().toInstant();
    return new org.plutro.federation.vocab.Poll(poll.multiple(), options, end, poll.expired() ? end : null,
        poll.expired(), poll.votersCount());
  }

  /**
   * A remote Question's options (the named ones, at most 20) and counts; null when it carries
   * none. It ends at {@code endTime}, else when it was {@code closed}.
   */
  public static PollStore.Remote read(org.plutro.federation.vocab.Poll poll) {
    if (poll == null) {
      return null;
    }
    List<String> options = new ArrayList<>();
    List<Long> tallies = new ArrayList<>();
    for (org.plutro.federation.vocab.Poll.Option option : poll.options()) {
      // An option without a name cannot be voted for.
      if (!option.name().isEmpty() && options.size() < 20) {
        options.add(option.name().length() > 200 ? option.name().substring(0, 200) : option.name());
        tallies.add(option.votes());
      }
    }
    if (options.isEmpty()) {
      return null;
    }
    long voters = poll.votersCount() != null ? poll.votersCount()
        : tallies.stream().mapToLong(Long::longValue).sum();
    Instant end = poll.endTime() != null ? poll.endTime() : poll.closedAt();
    return new PollStore.Remote(options, tallies, poll.multiple(), voters,
        end == null ? null : end.atOffset(ZoneOffset.UTC));
  }

  /** Our member's vote on a remote poll, as Mastodon sends it. */
  public static Activity vote(String id, Account voter, String questionUri, String authorUri,
      String option) {
    Note vote = Note.builder(id, "Note").name(option).attributedTo(voter.uri()).to(List.of(authorUri))
        .inReplyTo(questionUri).build();
    return Activity.builder(id + "/activity", "Create", voter.uri()).to(List.of(authorUri)).object(vote).build();
  }
}
