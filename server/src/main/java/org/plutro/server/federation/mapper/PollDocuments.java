package org.plutro.server.federation.mapper;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

  /** Turns our Note into the Question carrying the poll. */
  public static JsonObject question(JsonObject note, Poll poll) {
    JsonArray options = new JsonArray();
    for (int i = 0; i < poll.options().size(); i++) {
      options.add(new JsonObject().put("type", "Note").put("name", poll.options().get(i))
          .put("replies", new JsonObject().put("type", "Collection").put("totalItems", poll.tallies().get(i))));
    }
    note.put("type", "Question").put(poll.multiple() ? "anyOf" : "oneOf", options)
        .put("votersCount", poll.votersCount());
    if (poll.expiresAt() != null) {
      note.put("endTime", poll.expiresAt().toInstant().toString());
      if (poll.expired()) {
        note.put("closed", poll.expiresAt().toInstant().toString());
      }
    }
    return note;
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
  public static JsonObject vote(String id, Account voter, String questionUri, String authorUri,
      String option) {
    return Activities.withContext(new JsonObject().put("id", id + "/activity").put("type", "Create")
        .put("actor", voter.uri()).put("to", new JsonArray().add(authorUri))
        .put("object", new JsonObject().put("id", id).put("type", "Note").put("name", option)
            .put("attributedTo", voter.uri()).put("to", new JsonArray().add(authorUri))
            .put("inReplyTo", questionUri)));
  }
}
