package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Quote posts from a Mastodon 4.5 server (a fake one sending the documents Mastodon sends, kept
 * under fixtures/mastodon-4.5): a quote is accepted only with a valid stamp from the quoted
 * author's server, or when the quoted post lets everyone quote it, else pending; a quote of our
 * member's post follows its policy; a QuoteRequest is answered with an Accept and a stamp we
 * serve, or with a Reject.
 */
class QuotesFromMastodonTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static FakeRemote.Actor mona;
  static FakeRemote.Actor quill;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    mona = remote.actor("mona");
    quill = remote.actor("quill");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  static String fixture(String name, Map<String, String> values) {
    try (InputStream in = QuotesFromMastodonTest.class.getResourceAsStream("/fixtures/mastodon-4.5/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace("{" + value.getKey() + "}", value.getValue());
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** quill's post, served by the fake remote; canQuote lets {@code quoters} quote it. */
  static String quillsPost(String quoters) {
    String id = quill.uri() + "/statuses/" + UUID.randomUUID();
    remote.serve(java.net.URI.create(id).getPath(), new JsonObject().put("@context", new JsonArray()
            .add("https://www.w3.org/ns/activitystreams").add(new JsonObject()
                .put("gts", "https://gotosocial.org/ns#")
                .put("interactionPolicy", new JsonObject().put("@id", "gts:interactionPolicy").put("@type", "@id"))
                .put("canQuote", new JsonObject().put("@id", "gts:canQuote").put("@type", "@id"))
                .put("automaticApproval", new JsonObject().put("@id", "gts:automaticApproval").put("@type", "@id"))))
        .put("id", id).put("type", "Note").put("attributedTo", quill.uri()).put("content", "<p>Original</p>")
        .put("published", "2026-11-19T10:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(quill.uri() + "/followers"))
        .put("interactionPolicy", new JsonObject().put("canQuote", new JsonObject()
            .put("automaticApproval", new JsonArray().add(quoters)))));
    return id;
  }

  /** Serves quill's stamp letting {@code quoting} quote {@code quoted}; answers its id. */
  static String stamp(String quoting, String quoted) {
    String stamp = quill.uri() + "/quote_authorizations/" + UUID.randomUUID();
    remote.serve(java.net.URI.create(stamp).getPath(), new JsonObject(fixture("quote-authorization.json",
        Map.of("stamp", stamp, "quotedAuthor", quill.uri(), "id", quoting, "quoted", quoted))));
    return stamp;
  }

  /** mona's Create of a note quoting {@code quoted} with {@code stamp} (null: none); answers the note's id. */
  static String deliverQuote(String quoted, String stamp) {
    String id = mona.uri() + "/statuses/" + UUID.randomUUID();
    JsonObject create = new JsonObject(fixture("quoting-note.json", Map.of("id", id, "actor", mona.uri(),
        "quoted", quoted, "stamp", stamp == null ? "" : stamp)));
    if (stamp == null) {
      create.getJsonObject("object").remove("quoteAuthorization");
    }
    assertEquals(202, SignedPost.post(plutro, "/inbox", mona.signer(), RequestSigner.Style.CAVAGE,
        create.encode(), Map.of()).status());
    Eventually.within10s(id + " is stored", () ->
        plutro.count("SELECT count(*) FROM quotes q JOIN statuses s ON s.id = q.status_id WHERE s.uri = $1", id) == 1);
    return id;
  }

  static Row quote(String uri) {
    return plutro.sql("SELECT q.* FROM quotes q JOIN statuses s ON s.id = q.status_id WHERE s.uri = $1", uri)
        .iterator().next();
  }

  static JsonObject entity(String uri) {
    long id = plutro.sql("SELECT id FROM statuses WHERE uri = $1", uri).iterator().next().getLong(0);
    return plutro.get("/api/v1/statuses/" + id).json();
  }

  @Test
  void aQuoteWithTheQuotedAuthorsStampIsAcceptedAndTheQuotedPostFetched() {
    String quoted = quillsPost(quill.uri() + "/followers");
    String id = mona.uri() + "/statuses/" + UUID.randomUUID();
    // The stamp must name this very post; deliverQuote makes up its own id, so name it beforehand.
    String quoting = deliverQuoteWithId(id, quoted, stamp(id, quoted));
    Row row = quote(quoting);
    assertEquals("accepted", row.getString("state"));
    JsonObject shown = entity(quoting).getJsonObject("quote");
    assertEquals("accepted", shown.getString("state"));
    assertEquals(quoted, shown.getJsonObject("quoted_status").getString("uri"));
    assertEquals(1L, entity(quoted).getLong("quotes_count"));

    // quill withdraws the stamp (FEP-044f: a Delete of it): the quote is revoked.
    JsonObject delete = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", row.getString("authorization_uri") + "#delete").put("type", "Delete")
        .put("actor", quill.uri()).put("object", row.getString("authorization_uri"));
    assertEquals(202, SignedPost.post(plutro, "/inbox", quill.signer(), RequestSigner.Style.CAVAGE,
        delete.encode(), Map.of()).status());
    Eventually.within10s("the quote is revoked", () -> "revoked".equals(quote(quoting).getString("state")));
    assertEquals("revoked", entity(quoting).getJsonObject("quote").getString("state"));
    assertEquals(0L, entity(quoted).getLong("quotes_count"));
  }

  @Test
  void withoutAStampAQuoteOfARestrictedPostIsPendingButOneOfAnOpenPostIsAccepted() {
    String restricted = quillsPost(quill.uri() + "/followers");
    String pending = deliverQuote(restricted, null);
    assertEquals("pending", quote(pending).getString("state"));
    JsonObject shown = entity(pending).getJsonObject("quote");
    assertEquals("pending", shown.getString("state"));
    assertNull(shown.getValue("quoted_status"));
    assertEquals(0L, entity(restricted).getLong("quotes_count"));

    String open = quillsPost("https://www.w3.org/ns/activitystreams#Public");
    assertEquals("accepted", quote(deliverQuote(open, null)).getString("state"));
  }

  @Test
  void aStampThatNamesAnotherPostOrIsMissingIsNotTrusted() {
    String quoted = quillsPost(quill.uri() + "/followers");
    String other = stamp(mona.uri() + "/statuses/someone-else", quoted);
    assertEquals("pending", quote(deliverQuote(quoted, other)).getString("state"));
    String missing = quill.uri() + "/quote_authorizations/never-served";
    assertEquals("pending", quote(deliverQuote(quoted, missing)).getString("state"));
  }

  @Test
  void aQuoteOfOurMembersPostFollowsItsPolicy() {
    Member nia = plutro.register("nia");
    String open = plutro.post(nia, "quote me");
    String closed = plutro.postForm("/api/v1/statuses", Map.of("status", "not me",
        "quote_approval_policy", "nobody"), "Authorization", "Bearer " + nia.token()).json().getString("id");
    String openUri = plutro.get("/api/v1/statuses/" + open).json().getString("uri");
    String closedUri = plutro.get("/api/v1/statuses/" + closed).json().getString("uri");
    assertEquals("accepted", quote(deliverQuote(openUri, null)).getString("state"));
    assertEquals("rejected", quote(deliverQuote(closedUri, null)).getString("state"));
    assertEquals(1L, plutro.get("/api/v1/statuses/" + open).json().getLong("quotes_count"));
  }

  @Test
  void aQuoteRequestIsAnsweredWithAnAcceptAndAStampOrWithAReject() {
    Member oda = plutro.register("oda");
    String open = plutro.get("/api/v1/statuses/" + plutro.post(oda, "ask me")).json().getString("uri");
    String closed = plutro.postForm("/api/v1/statuses", Map.of("status", "do not ask",
        "quote_approval_policy", "nobody"), "Authorization", "Bearer " + oda.token()).json().getString("uri");

    String accepted = request(open);
    JsonObject accept = answer(accepted, "Accept");
    String stamp = accept.getString("result");
    assertTrue(stamp.startsWith(oda.actorUri() + "/quote_authorizations/"), accept.encode());
    JsonObject served = plutro.get(stamp.substring(plutro.base().length()), "Accept",
        "application/activity+json").json();
    assertEquals("QuoteAuthorization", served.getString("type"));
    assertEquals(open, served.getString("interactionTarget"));
    assertEquals(oda.actorUri(), served.getString("attributedTo"));
    String quoting = served.getString("interactingObject");
    assertEquals("accepted", quote(quoting).getString("state"));
    assertEquals(stamp, quote(quoting).getString("authorization_uri"));

    String rejected = request(closed);
    JsonObject reject = answer(rejected, "Reject");
    assertEquals(rejected, reject.getJsonObject("object").getString("id"));
    assertEquals(0L, plutro.count("SELECT count(*) FROM quotes WHERE request_uri = $1", rejected));
  }

  @Test
  void aQuoteRequestWhoseInstrumentIsAnotherServersIsIgnored() {
    Member pia = plutro.register("pia");
    String open = plutro.get("/api/v1/statuses/" + plutro.post(pia, "mine")).json().getString("uri");
    String requestId = mona.uri() + "/quote_requests/" + UUID.randomUUID();
    JsonObject request = new JsonObject(fixture("quote-request.json", Map.of("request", requestId,
        "actor", mona.uri(), "quoted", open, "id", "https://elsewhere.example/statuses/1")));
    assertEquals(202, SignedPost.post(plutro, "/inbox", mona.signer(), RequestSigner.Style.CAVAGE,
        request.encode(), Map.of()).status());
    // A request that is answered is answered at once; give the queue its turn, then look.
    String marker = request(open);
    answer(marker, "Accept");
    assertTrue(find(requestId, "Accept").isEmpty() && find(requestId, "Reject").isEmpty());
    assertEquals(0L, plutro.count("SELECT count(*) FROM statuses WHERE uri = 'https://elsewhere.example/statuses/1'"));
  }

  @Test
  void aQuoteInAPostFetchedBySearchIsKeptAsIfDelivered() {
    Member uma = plutro.register("uma");
    String open = quillsPost("https://www.w3.org/ns/activitystreams#Public");
    String id = mona.uri() + "/statuses/" + UUID.randomUUID();
    JsonObject create = new JsonObject(fixture("quoting-note.json", Map.of("id", id, "actor", mona.uri(),
        "quoted", open, "stamp", "")));
    JsonObject note = create.getJsonObject("object").put("@context", create.getValue("@context"));
    note.remove("quoteAuthorization");
    remote.serve(java.net.URI.create(id).getPath(), note);

    var found = plutro.getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8), uma.token());
    assertEquals(200, found.status(), found.body());
    JsonObject shown = found.json().getJsonArray("statuses").getJsonObject(0);
    assertEquals(id, shown.getString("uri"));
    assertEquals("accepted", quote(id).getString("state"));
    // The quoted post was fetched too, and is shown inside the quote.
    assertEquals(open, entity(id).getJsonObject("quote").getJsonObject("quoted_status").getString("uri"));
  }

  @Test
  void anEditThatAddsChangesOrDropsAQuoteIsFollowed() {
    String id = mona.uri() + "/statuses/" + UUID.randomUUID();
    JsonObject plain = new JsonObject(fixture("quoting-note.json", Map.of("id", id, "actor", mona.uri(),
        "quoted", "", "stamp", "")));
    for (String field : new String[] {"quote", "quoteUri", "_misskey_quote", "quoteAuthorization"}) {
      plain.getJsonObject("object").remove(field);
    }
    assertEquals(202, SignedPost.post(plutro, "/inbox", mona.signer(), RequestSigner.Style.CAVAGE,
        plain.encode(), Map.of()).status());
    Eventually.within10s(id + " is stored", () -> plutro.count("SELECT count(*) FROM statuses WHERE uri = $1", id) == 1);
    assertNull(entity(id).getValue("quote"));

    // mona edits the post to quote a post that lets everyone quote it: accepted.
    String open = quillsPost("https://www.w3.org/ns/activitystreams#Public");
    update(id, open, null, "1");
    Eventually.within10s("the edit's quote is kept", () -> plutro.count(
        "SELECT count(*) FROM quotes q JOIN statuses s ON s.id = q.status_id WHERE s.uri = $1", id) == 1);
    assertEquals("accepted", quote(id).getString("state"));
    assertEquals(open, entity(id).getJsonObject("quote").getJsonObject("quoted_status").getString("uri"));

    // Then to quote a restricted one, without a stamp: pending, the first no longer quoted.
    String restricted = quillsPost(quill.uri() + "/followers");
    update(id, restricted, null, "2");
    Eventually.within10s("the changed quote is judged afresh", () -> restricted.equals(quote(id).getString("quoted_uri")));
    assertEquals("pending", quote(id).getString("state"));
    assertEquals(0L, entity(open).getLong("quotes_count"));

    // Then with quill's stamp: accepted.
    update(id, restricted, stamp(id, restricted), "3");
    Eventually.within10s("the stamped quote is accepted", () -> "accepted".equals(quote(id).getString("state")));
    assertEquals(1L, entity(restricted).getLong("quotes_count"));

    // Then without any quote: it quotes nothing, and the post it quoted counts it no more.
    update(id, null, null, "4");
    Eventually.within10s("the quote is dropped", () -> plutro.count(
        "SELECT count(*) FROM quotes q JOIN statuses s ON s.id = q.status_id WHERE s.uri = $1", id) == 0);
    assertNull(entity(id).getValue("quote"));
    assertEquals(0L, entity(restricted).getLong("quotes_count"));
  }

  /** mona's Update of her post {@code id}, quoting {@code quoted} (null: nothing) with {@code stamp}. */
  private static void update(String id, String quoted, String stamp, String version) {
    JsonObject update = new JsonObject(fixture("quoting-note.json", Map.of("id", id, "actor", mona.uri(),
        "quoted", quoted == null ? "" : quoted, "stamp", stamp == null ? "" : stamp)));
    update.put("id", id + "#updates/" + version).put("type", "Update");
    JsonObject note = update.getJsonObject("object");
    note.put("updated", "2026-11-20T10:0" + version + ":00Z").put("content", "<p>Worth reading, " + version + "</p>");
    if (quoted == null) {
      note.remove("quote");
      note.remove("quoteUri");
      note.remove("_misskey_quote");
    }
    if (stamp == null) {
      note.remove("quoteAuthorization");
    }
    assertEquals(202, SignedPost.post(plutro, "/inbox", mona.signer(), RequestSigner.Style.CAVAGE,
        update.encode(), Map.of()).status());
  }

  private static String deliverQuoteWithId(String id, String quoted, String stamp) {
    JsonObject create = new JsonObject(fixture("quoting-note.json", Map.of("id", id, "actor", mona.uri(),
        "quoted", quoted, "stamp", stamp)));
    assertEquals(202, SignedPost.post(plutro, "/inbox", mona.signer(), RequestSigner.Style.CAVAGE,
        create.encode(), Map.of()).status());
    Eventually.within10s(id + " is stored", () ->
        plutro.count("SELECT count(*) FROM quotes q JOIN statuses s ON s.id = q.status_id WHERE s.uri = $1", id) == 1);
    return id;
  }

  /** mona's QuoteRequest (the instrument inlined, as Mastodon may send it) for {@code quoted}. */
  private static String request(String quoted) {
    String requestId = mona.uri() + "/quote_requests/" + UUID.randomUUID();
    String instrument = mona.uri() + "/statuses/" + UUID.randomUUID();
    JsonObject request = new JsonObject(fixture("quote-request.json", Map.of("request", requestId,
        "actor", mona.uri(), "quoted", quoted, "id", instrument)));
    assertEquals(202, SignedPost.post(plutro, "/inbox", mona.signer(), RequestSigner.Style.CAVAGE,
        request.encode(), Map.of()).status());
    return requestId;
  }

  private static JsonObject answer(String requestId, String type) {
    Eventually.within10s(type + " of " + requestId, () -> find(requestId, type).isPresent());
    return find(requestId, type).orElseThrow();
  }

  private static Optional<JsonObject> find(String requestId, String type) {
    return remote.received().stream().map(FakeRemote.Received::json)
        .filter(json -> type.equals(json.getString("type")) && json.getValue("object") instanceof JsonObject object
            && requestId.equals(object.getString("id")))
        .findFirst();
  }
}
