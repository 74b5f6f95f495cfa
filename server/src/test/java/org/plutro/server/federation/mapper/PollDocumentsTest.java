package org.plutro.server.federation.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plutro.federation.vocab.Vocab;
import org.plutro.server.store.PollStore;

/** A remote Question's poll as we store it: named options only, capped, and when it ends. */
class PollDocumentsTest {
  static JsonObject option(Object name, long votes) {
    return new JsonObject().put("type", "Note").put("name", name)
        .put("replies", new JsonObject().put("type", "Collection").put("totalItems", votes));
  }

  static PollStore.Remote read(JsonObject question) {
    return PollDocuments.read(Vocab.parseNote(question.put("id", "https://p.example/questions/1")
        .put("type", "Question")).poll());
  }

  @Test
  void optionsWithoutANameAreLeftOutAndTheVotersAreTheirSum() {
    PollStore.Remote poll = read(new JsonObject().put("anyOf", new JsonArray()
        .add(option("tea", 3)).add(new JsonObject().put("type", "Note")).add(option("coffee", 2))));
    assertEquals(List.of("tea", "coffee"), poll.options());
    assertEquals(List.of(3L, 2L), poll.tallies());
    assertEquals(true, poll.multiple());
    assertEquals(5, poll.votersCount());
    assertNull(poll.expiresAt());
  }

  @Test
  void atMostTwentyOptionsOfAtMost200Characters() {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 25; i++) {
      many.add(option(i == 0 ? "x".repeat(300) : "option " + i, 1));
    }
    PollStore.Remote poll = read(new JsonObject().put("oneOf", many).put("votersCount", 40));
    assertEquals(20, poll.options().size());
    assertEquals("x".repeat(200), poll.options().get(0));
    assertEquals(40, poll.votersCount(), "as stated");
  }

  @Test
  void itEndsAtItsEndTimeElseWhenItWasClosed() {
    JsonArray options = new JsonArray().add(option("yes", 0)).add(option("no", 0));
    assertEquals(OffsetDateTime.parse("2026-01-02T00:00:00Z").toInstant(), read(new JsonObject()
        .put("oneOf", options.copy()).put("endTime", "2026-01-02T00:00:00Z").put("closed", "2026-01-01T00:00:00Z"))
        .expiresAt().toInstant());
    assertEquals(OffsetDateTime.parse("2026-01-01T00:00:00+02:00").toInstant(), read(new JsonObject()
        .put("oneOf", options.copy()).put("closed", "2026-01-01T00:00:00+02:00")).expiresAt().toInstant());
    assertNull(read(new JsonObject().put("oneOf", options.copy()).put("closed", true)).expiresAt());
  }

  @Test
  void aQuestionWithoutNamedOptionsHasNoPoll() {
    assertNull(read(new JsonObject().put("oneOf", new JsonArray(Collections.nCopies(2,
        new JsonObject().put("type", "Note"))))));
    assertNull(PollDocuments.read(null));
  }
}
