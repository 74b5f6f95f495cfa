package org.plutro.server.federation.mapper;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
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

  /** A remote Question's options and counts; null when it carries none. */
  public static PollStore.Remote read(JsonObject question) {
    boolean multiple = question.getValue("anyOf") != null;
    Object value = multiple ? question.getValue("anyOf") : question.getValue("oneOf");
    JsonArray items = value instanceof JsonArray array ? array
        : value instanceof JsonObject one ? new JsonArray().add(one) : null;
    if (items == null || items.isEmpty()) {
      return null;
    }
    List<String> options = new ArrayList<>();
    List<Long> tallies = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof JsonObject option && option.getValue("name") instanceof String name
          && options.size() < 20) {
        options.add(name.length() > 200 ? name.substring(0, 200) : name);
        long count = 0;
        if (option.getValue("replies") instanceof JsonObject replies
            && replies.getValue("totalItems") instanceof Number total) {
          count = Math.max(0, total.longValue());
        }
        tallies.add(count);
      }
    }
    if (options.size() < 1) {
      return null;
    }
    long voters = question.getValue("votersCount") instanceof Number n ? Math.max(0, n.longValue())
        : tallies.stream().mapToLong(Long::longValue).sum();
    OffsetDateTime end = null;
    Object endTime = question.getValue("endTime") != null ? question.getValue("endTime")
        : question.getValue("closed");
    if (endTime instanceof String text) {
      try {
        end = OffsetDateTime.parse(text);
      } catch (RuntimeException e) {
        end = null;
      }
    }
    return new PollStore.Remote(options, tallies, multiple, voters, end);
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

  /** Whether a Note is a vote: named, in reply to something, without content. */
  public static boolean isVote(JsonObject note) {
    return note.getValue("name") instanceof String && Refs.idOf(note.getValue("inReplyTo")) != null
        && (note.getValue("content") == null || "".equals(note.getValue("content")));
  }
}
