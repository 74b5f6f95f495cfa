package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/** Direct messages as conversations, between two real Plutros. */
class ConversationsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static JsonArray conversations(TestInstance on, Member member) {
    Reply reply = on.getWithToken("/api/v1/conversations", member.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.array();
  }

  static JsonObject dm(TestInstance on, Member author, String text, String... more) {
    Map<String, String> form = new java.util.HashMap<>(Map.of("status", text, "visibility", "direct"));
    for (int i = 0; i + 1 < more.length; i += 2) {
      form.put(more[i], more[i + 1]);
    }
    return PostsAcrossInstancesTest.posted(on, author, form);
  }

  static Reply delete(TestInstance on, String path, Member member) {
    return on.send(HttpRequest.newBuilder(URI.create(on.base() + path)).DELETE(),
        "Authorization", "Bearer " + member.token());
  }

  static List<String> accts(JsonObject conversation) {
    return conversation.getJsonArray("accounts").stream()
        .map(x -> ((JsonObject) x).getString("acct")).sorted().toList();
  }

  @Test
  void aDirectThreadIsOneConversationOnBothSides() {
    Member alice = net.a().register("alice");
    Member carol = net.a().register("carol");
    Member bob = net.b().register("bob");
    TwoInstancesTest.resolve(net.a(), alice, net.b(), "bob");
    TwoInstancesTest.resolve(net.b(), bob, net.a(), "carol");

    JsonObject first = dm(net.a(), alice, "@bob@" + net.b().authority() + " @carol lunch?");
    // The author's conversation is read; carol's, on the same instance, is unread.
    JsonArray mine = conversations(net.a(), alice);
    assertEquals(1, mine.size(), mine.encode());
    assertFalse(mine.getJsonObject(0).getBoolean("unread"));
    assertEquals(List.of("bob@" + net.b().authority(), "carol"), accts(mine.getJsonObject(0)));
    assertEquals(first.getString("id"), mine.getJsonObject(0).getJsonObject("last_status").getString("id"));
    JsonObject carols = conversations(net.a(), carol).getJsonObject(0);
    assertTrue(carols.getBoolean("unread"));
    assertEquals(List.of("alice", "bob@" + net.b().authority()), accts(carols));

    // It reaches bob's instance as his conversation, unread.
    Eventually.within10s("bob's conversation opens", () -> conversations(net.b(), bob).size() == 1);
    JsonObject bobs = conversations(net.b(), bob).getJsonObject(0);
    assertTrue(bobs.getBoolean("unread"));
    assertEquals(List.of("alice@" + net.a().authority(), "carol@" + net.a().authority()), accts(bobs));
    String firstOnB = bobs.getJsonObject("last_status").getString("id");
    assertEquals("direct", bobs.getJsonObject("last_status").getString("visibility"));

    // Bob answers without choosing a visibility: the reply stays direct, in the same conversation.
    JsonObject answer = PostsAcrossInstancesTest.posted(net.b(), bob, Map.of(
        "status", "@alice@" + net.a().authority() + " @carol@" + net.a().authority() + " yes!",
        "in_reply_to_id", firstOnB));
    assertEquals("direct", answer.getString("visibility"));
    assertEquals(1, conversations(net.b(), bob).size());
    assertFalse(conversations(net.b(), bob).getJsonObject(0).getBoolean("unread"), "his own reply");
    Eventually.within10s("the answer reaches alice's conversation", () -> answer.getString("uri")
        .equals(conversations(net.a(), alice).getJsonObject(0).getJsonObject("last_status").getString("uri")));
    JsonObject updated = conversations(net.a(), alice).getJsonObject(0);
    assertEquals(mine.getJsonObject(0).getString("id"), updated.getString("id"));
    assertTrue(updated.getBoolean("unread"));

    // Mark read, then remove; both answer 404 for an unknown or someone else's conversation.
    String id = updated.getString("id");
    Reply read = net.a().postForm("/api/v1/conversations/" + id + "/read", Map.of(),
        "Authorization", "Bearer " + alice.token());
    assertEquals(200, read.status(), read.body());
    assertFalse(read.json().getBoolean("unread"));
    assertEquals(answer.getString("uri"), read.json().getJsonObject("last_status").getString("uri"));
    assertFalse(conversations(net.a(), alice).getJsonObject(0).getBoolean("unread"));
    assertEquals(404, net.a().postForm("/api/v1/conversations/" + id + "/read", Map.of(),
        "Authorization", "Bearer " + carol.token()).status());
    assertEquals(404, delete(net.a(), "/api/v1/conversations/" + id, carol).status());
    assertEquals(404, net.a().postForm("/api/v1/conversations/999999/read", Map.of(),
        "Authorization", "Bearer " + alice.token()).status());
    assertEquals(404, delete(net.a(), "/api/v1/conversations/nope", alice).status());
    assertTrue(conversations(net.a(), carol).getJsonObject(0).getBoolean("unread"), "carol's is untouched");
    assertEquals(401, net.a().get("/api/v1/conversations").status());
    Reply removed = delete(net.a(), "/api/v1/conversations/" + id, alice);
    assertEquals(200, removed.status(), removed.body());
    assertEquals(new JsonObject(), removed.json());
    assertEquals(0, conversations(net.a(), alice).size());
    assertEquals(1, conversations(net.a(), carol).size());
  }

  @Test
  void aReplyThatWidensTheAudienceIsShownWithItsRealVisibility() {
    Member dora = net.a().register("dora");
    Member eric = net.b().register("eric");
    TwoInstancesTest.resolve(net.a(), dora, net.b(), "eric");
    dm(net.a(), dora, "@eric@" + net.b().authority() + " between us");
    Eventually.within10s("eric's conversation opens", () -> conversations(net.b(), eric).size() == 1);
    String onB = conversations(net.b(), eric).getJsonObject(0).getJsonObject("last_status").getString("id");
    JsonObject loud = PostsAcrossInstancesTest.posted(net.b(), eric, Map.of("status",
        "@dora@" + net.a().authority() + " telling everyone", "in_reply_to_id", onB, "visibility", "public"));
    Eventually.within10s("the public reply joins dora's conversation", () -> loud.getString("uri")
        .equals(conversations(net.a(), dora).getJsonObject(0).getJsonObject("last_status").getString("uri")));
    JsonObject conversation = conversations(net.a(), dora).getJsonObject(0);
    assertEquals("public", conversation.getJsonObject("last_status").getString("visibility"));
    assertTrue(conversation.getBoolean("unread"));
    assertEquals(1, conversations(net.a(), dora).size());
  }

  @Test
  void conversationsArePagedByTheirLastPost() {
    Member fay = net.a().register("fay");
    Member gus = net.a().register("gus");
    Member hal = net.a().register("hal");
    Member ivy = net.a().register("ivy");
    JsonObject one = dm(net.a(), fay, "@gus one");
    JsonObject two = dm(net.a(), fay, "@hal two");
    JsonObject three = dm(net.a(), fay, "@ivy three");
    Reply page = net.a().getWithToken("/api/v1/conversations?limit=2", fay.token());
    assertEquals(200, page.status());
    assertEquals(List.of(three.getString("id"), two.getString("id")), page.array().stream()
        .map(c -> ((JsonObject) c).getJsonObject("last_status").getString("id")).toList());
    String link = page.header("Link");
    assertTrue(link.contains("max_id=" + two.getString("id")), link);
    assertTrue(link.contains("min_id=" + three.getString("id")), link);
    JsonArray next = net.a().getWithToken("/api/v1/conversations?limit=2&max_id=" + two.getString("id"),
        fay.token()).array();
    assertEquals(1, next.size());
    assertEquals(one.getString("id"), next.getJsonObject(0).getJsonObject("last_status").getString("id"));
    // A reply moves its conversation to the top.
    JsonObject back = dm(net.a(), gus, "@fay back", "in_reply_to_id", one.getString("id"));
    JsonArray all = conversations(net.a(), fay);
    assertEquals(back.getString("id"), all.getJsonObject(0).getJsonObject("last_status").getString("id"));
    assertEquals(3, all.size());
    // A deleted last post leaves the one before it.
    assertEquals(200, delete(net.a(), "/api/v1/statuses/" + back.getString("id"), gus).status());
    JsonObject again = conversations(net.a(), fay).stream().map(c -> (JsonObject) c)
        .filter(c -> accts(c).equals(List.of("gus"))).findFirst().orElseThrow();
    assertEquals(one.getString("id"), again.getJsonObject("last_status").getString("id"));
  }
}
