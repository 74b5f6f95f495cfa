package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * What a member sees of another server fills in when they look, on two real Plutros: an
 * account's recent public posts the first time its posts are opened, and a thread's replies B
 * never received, down the thread, when the thread is opened.
 */
class BackfillTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  @Test
  void openingAnAccountFetchesItsRecentPublicPostsInTheirOrder() {
    Member ana = net.a().register("ana");
    post(ana, "First of all", "public", null);
    post(ana, "For my followers only", "private", null);
    post(ana, "Second thought", "public", null);
    post(ana, "Third and last", "unlisted", null);

    Member bob = net.b().register("bob");
    Reply bobsPost = net.b().postJson("/api/v1/statuses", new JsonObject().put("status", "Hello"),
        "Authorization", "Bearer " + bob.token());
    String anaOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "ana");
    assertEquals(0, texts(net.b().getWithToken("/api/v1/accounts/" + anaOnB + "/statuses", bob.token())).size(),
        "B holds none of her posts before anyone looks");
    Eventually.within10s("her recent posts arrive after bob opened her account", () ->
        texts(net.b().getWithToken("/api/v1/accounts/" + anaOnB + "/statuses", bob.token())).size() == 3);
    assertEquals(List.of("Third and last", "Second thought", "First of all"),
        texts(net.b().getWithToken("/api/v1/accounts/" + anaOnB + "/statuses", bob.token())),
        "newest first, as she posted them; followers-only posts are not in her outbox");
    long oldestOfHers = Long.parseLong(net.b().getWithToken("/api/v1/accounts/" + anaOnB + "/statuses", bob.token())
        .array().getJsonObject(2).getString("id"));
    assertTrue(oldestOfHers < Long.parseLong(bobsPost.json().getString("id")),
        "a post fetched late takes its id from when it was published, before bob's later post");
  }

  @Test
  void openingAThreadFetchesTheRepliesNeverReceivedDownTheThread() {
    Member cat = net.a().register("cat");
    Member dan = net.a().register("dan");
    Member eve = net.a().register("eve");
    String root = post(cat, "What should I plant in spring?", "public", null);
    String reply = post(dan, "@cat Tomatoes!", "public", root);
    post(eve, "@dan Tomatoes need a lot of sun", "public", reply);

    Member fay = net.b().register("fay");
    String rootUri = net.a().sql("SELECT uri FROM statuses WHERE id = $1", Long.parseLong(root)).iterator().next()
        .getString(0);
    Reply found = net.b().getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(rootUri, StandardCharsets.UTF_8), fay.token());
    assertEquals(200, found.status(), found.body());
    String rootOnB = found.json().getJsonArray("statuses").getJsonObject(0).getString("id");
    assertEquals(0, net.b().getWithToken("/api/v1/statuses/" + rootOnB + "/context", fay.token()).json()
        .getJsonArray("descendants").size(), "B received none of the replies");
    Eventually.within10s("the replies and the reply to the reply arrive", () -> net.b().getWithToken(
        "/api/v1/statuses/" + rootOnB + "/context", fay.token()).json().getJsonArray("descendants").size() == 2);
    JsonArray descendants = net.b().getWithToken("/api/v1/statuses/" + rootOnB + "/context", fay.token()).json()
        .getJsonArray("descendants");
    assertTrue(descendants.getJsonObject(0).getString("content").contains("Tomatoes!"));
    assertEquals(descendants.getJsonObject(0).getString("id"),
        descendants.getJsonObject(1).getString("in_reply_to_id"), "the thread keeps its shape");
  }

  private static String post(Member member, String text, String visibility, String inReplyTo) {
    JsonObject body = new JsonObject().put("status", text).put("visibility", visibility);
    if (inReplyTo != null) {
      body.put("in_reply_to_id", inReplyTo);
    }
    Reply posted = net.a().postJson("/api/v1/statuses", body, "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json().getString("id");
  }

  private static List<String> texts(Reply statuses) {
    assertEquals(200, statuses.status(), statuses.body());
    List<String> texts = new ArrayList<>();
    statuses.array().forEach(s -> texts.add(((JsonObject) s).getString("content").replaceAll("<[^>]+>", "")));
    return texts;
  }
}
