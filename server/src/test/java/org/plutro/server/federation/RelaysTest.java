package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * A relay (the Mastodon/LitePub relay protocol), played by a fake server on loopback: an admin
 * subscribes from the command line, the instance actor follows the public collection at the
 * relay's inbox, the relay accepts; our public posts then go to the relay, and the posts it shares
 * land in the federated timeline. Removing the relay sends an Undo of the Follow.
 */
class RelaysTest {
  static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
  static TestInstance plutro;
  static FakeRemote relayServer;
  static FakeRemote.Actor relay;
  static FakeRemote.Actor poster;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    relayServer = new FakeRemote();
    relay = relayServer.actor("relay");
    poster = relayServer.actor("writer");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    relayServer.close();
  }

  @Test
  void subscribeSendPublicPostsReceiveSharesAndUnsubscribe() {
    String inbox = relayServer.base() + "/inbox";
    assertEquals(0, cli("relay", "add", "--inbox", inbox), printed);
    assertEquals(1, cli("relay", "add", "--inbox", inbox), "added twice");
    assertTrue(printed.contains("already"), printed);
    assertEquals(1, cli("relay", "add", "--inbox", "ftp://relay.example/inbox"), "not a relay inbox");
    assertEquals(2, cli("relay", "add"), "which relay?");

    JsonObject follow = Eventually.value("the instance actor's Follow reaches the relay",
        () -> sent("Follow"));
    assertEquals(plutro.base() + "/actor", follow.getString("actor"));
    assertEquals(PUBLIC, follow.getString("object"));
    assertEquals(0, cli("relay", "list"));
    assertTrue(printed.contains(inbox + "  pending"), printed);

    // The relay accepts; only an answer from the relay's own server counts.
    JsonObject accept = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", relay.uri() + "#accepts/" + UUID.randomUUID()).put("type", "Accept")
        .put("actor", relay.uri()).put("object", follow);
    assertEquals(202, SignedPost.post(plutro, "/inbox", relay.signer(), accept.encode()).status());
    Eventually.within10s("the relay shows as accepted", () -> cli("relay", "list") == 0
        && printed.contains(inbox + "  accepted"));

    // Public posts go to the relay; unlisted ones do not.
    Member ida = plutro.register("ida");
    post(ida, "Unlisted musings", "unlisted");
    post(ida, "Hello, relay readers", "public");
    JsonObject create = Eventually.value("her public post reaches the relay", () -> sent("Create"));
    assertTrue(create.getJsonObject("object").getString("content").contains("Hello, relay readers"));
    assertEquals(0, queuedFor(inbox, "Unlisted musings"), "the unlisted post is not relayed");

    // The relay shares a post of another server's: it lands in the federated timeline.
    JsonObject note = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", poster.uri() + "/notes/1").put("type", "Note").put("attributedTo", poster.uri())
        .put("content", "<p>Relayed from afar</p>").put("published", "2026-12-01T10:00:00Z")
        .put("to", new JsonArray().add(PUBLIC)).put("cc", new JsonArray().add(poster.uri() + "/followers"));
    relayServer.serve(URI.create(note.getString("id")).getPath(), note);
    JsonObject announce = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", relay.uri() + "/announces/" + UUID.randomUUID()).put("type", "Announce")
        .put("actor", relay.uri()).put("object", note.getString("id"))
        .put("to", new JsonArray().add(relay.uri() + "/followers")).put("cc", new JsonArray().add(PUBLIC));
    assertEquals(202, SignedPost.post(plutro, "/inbox", relay.signer(), announce.encode()).status());
    Eventually.within10s("the relayed post is in the federated timeline", () -> {
      Reply federated = plutro.get("/api/v1/timelines/public?remote=true");
      return federated.status() == 200 && federated.body().contains("Relayed from afar");
    });

    assertEquals(0, cli("relay", "remove", "--inbox", inbox), printed);
    JsonObject undo = Eventually.value("the relay is told", () -> sent("Undo"));
    assertEquals(follow.getString("id"), undo.getJsonObject("object").getString("id"));
    assertEquals(1, cli("relay", "remove", "--inbox", inbox), "already removed");
    post(ida, "After the relay", "public");
    assertEquals(0, queuedFor(inbox, "After the relay"), "nothing more goes to a removed relay");
  }

  static String printed = "";

  /** Deliveries to {@code inbox}, sent or waiting, of activities containing {@code text}. */
  private static long queuedFor(String inbox, String text) {
    return plutro.count("SELECT count(*) FROM deliveries d JOIN outbound_activities a ON a.id = d.activity_id"
        + " WHERE d.inbox_url = $1 AND a.body::text LIKE $2", inbox, "%" + text + "%")
        + relayServer.received().stream().filter(r -> r.path().equals("/inbox") && r.body().contains(text)).count();
  }

  private static int cli(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true);
    int code = AdminCommand.run(plutro.settings(), List.of(args), out, out);
    printed = bytes.toString();
    return code;
  }

  /** The last activity of {@code type} the relay's inbox received, or null. */
  private static JsonObject sent(String type) {
    return relayServer.received().stream().filter(r -> r.path().equals("/inbox"))
        .map(FakeRemote.Received::json).filter(json -> type.equals(json.getString("type")))
        .reduce((first, second) -> second).orElse(null);
  }

  private static void post(Member member, String text, String visibility) {
    Reply posted = plutro.postForm("/api/v1/statuses", Map.of("status", text, "visibility", visibility),
        "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
  }
}
