package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** Notifications: made by local actions and by deliveries, listed, filtered, paged, dismissed. */
class NotificationsTest {
  static TestInstance plutro;
  static FakeRemote remote;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  static JsonArray list(Member member, String query) {
    Reply reply = plutro.getWithToken("/api/v1/notifications" + query, member.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.array();
  }

  static List<String> types(JsonArray notifications) {
    List<String> types = new ArrayList<>();
    notifications.forEach(n -> types.add(((JsonObject) n).getString("type")));
    return types;
  }

  static String linkTo(Reply reply, String rel) {
    Matcher m = Pattern.compile("<([^>]+)>; rel=\"" + rel + "\"").matcher(reply.header("Link"));
    assertTrue(m.find(), reply.header("Link"));
    return m.group(1);
  }

  @Test
  void everyKindArrivesAndCanBeFilteredPagedDismissedAndCleared() {
    Member tess = plutro.register("tess");
    Member uma = plutro.register("uma");
    Member vic = plutro.register("vic");
    // uma follows tess; vic mentions her twice; a remote actor follows her and likes her post.
    plutro.postForm("/api/v1/accounts/" + tess.id() + "/follow", Map.of(), "Authorization", "Bearer " + uma.token());
    JsonObject own = plutro.postForm("/api/v1/statuses", Map.of("status", "my post"),
        "Authorization", "Bearer " + tess.token()).json();
    plutro.postForm("/api/v1/statuses", Map.of("status", "@tess one"), "Authorization", "Bearer " + vic.token());
    plutro.postForm("/api/v1/statuses", Map.of("status", "@tess two"), "Authorization", "Bearer " + vic.token());
    FakeRemote.Actor wes = remote.actor("wes");
    SignedPost.post(plutro, "/users/tess/inbox", wes.signer(), new JsonObject()
        .put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", wes.uri() + "/follows/" + UUID.randomUUID()).put("type", "Follow")
        .put("actor", wes.uri()).put("object", tess.actorUri()).encode());
    Eventually.within10s("the remote follow is notified", () -> list(tess, "").size() == 4);
    JsonObject like = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", wes.uri() + "/likes/" + UUID.randomUUID()).put("type", "Like")
        .put("actor", wes.uri()).put("object", own.getString("uri"));
    SignedPost.post(plutro, "/users/tess/inbox", wes.signer(), like.encode());
    Eventually.within10s("five notifications", () -> list(tess, "").size() == 5);

    JsonArray all = list(tess, "");
    assertEquals(List.of("favourite", "follow", "mention", "mention", "follow"), types(all));
    JsonObject favourite = all.getJsonObject(0);
    assertEquals("wes@" + remote.authority(), favourite.getJsonObject("account").getString("acct"));
    assertEquals(own.getString("id"), favourite.getJsonObject("status").getString("id"));
    assertEquals("ungrouped-" + favourite.getString("id"), favourite.getString("group_key"));
    assertTrue(favourite.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertNull(all.getJsonObject(1).getValue("status"));

    // Filters.
    assertEquals(List.of("mention", "mention"), types(list(tess, "?types[]=mention")));
    assertEquals(List.of("favourite", "follow", "follow"),
        types(list(tess, "?exclude_types[]=mention")));
    assertEquals(List.of("follow", "follow"), types(list(tess, "?types[]=follow&types[]=reblog")));
    assertEquals(2, list(tess, "?account_id=" + vic.id()).size());
    assertEquals(0, list(tess, "?account_id=nobody").size());

    // Paging with Link headers.
    Reply first = plutro.getWithToken("/api/v1/notifications?limit=2", tess.token());
    assertEquals(List.of("favourite", "follow"), types(first.array()));
    Reply second = plutro.getWithToken(linkTo(first, "next"), tess.token());
    assertEquals(List.of("mention", "mention"), types(second.array()));
    Reply third = plutro.getWithToken(linkTo(second, "next"), tess.token());
    assertEquals(List.of("follow"), types(third.array()));
    Reply back = plutro.getWithToken(linkTo(third, "prev"), tess.token());
    assertEquals(List.of("mention", "mention"), types(back.array()), "min_id walks forward, nearest first");
    String newest = all.getJsonObject(0).getString("id");
    assertEquals(4, list(tess, "?max_id=" + newest).size());
    assertEquals(0, list(tess, "?since_id=" + newest).size());

    // One, dismiss, count, clear; nobody else's.
    String mentionId = all.getJsonObject(2).getString("id");
    assertEquals("mention", plutro.getWithToken("/api/v1/notifications/" + mentionId, tess.token())
        .json().getString("type"));
    assertEquals(404, plutro.getWithToken("/api/v1/notifications/" + mentionId, uma.token()).status());
    assertEquals(404, plutro.postForm("/api/v1/notifications/" + mentionId + "/dismiss", Map.of(),
        "Authorization", "Bearer " + uma.token()).status());
    assertEquals(5L, plutro.getWithToken("/api/v1/notifications/unread_count", tess.token())
        .json().getLong("count"));
    plutro.sql("INSERT INTO markers (account_id, timeline, last_read_id) VALUES ($1, 'notifications', $2)",
        Long.parseLong(tess.id()), Long.parseLong(all.getJsonObject(1).getString("id")));
    assertEquals(1L, plutro.getWithToken("/api/v1/notifications/unread_count", tess.token())
        .json().getLong("count"), "only what is newer than the marker");
    assertEquals(200, plutro.postForm("/api/v1/notifications/" + mentionId + "/dismiss", Map.of(),
        "Authorization", "Bearer " + tess.token()).status());
    assertEquals(404, plutro.getWithToken("/api/v1/notifications/" + mentionId, tess.token()).status());
    assertEquals(4, list(tess, "").size());

    // An undone Like takes its notification back.
    SignedPost.post(plutro, "/users/tess/inbox", wes.signer(), new JsonObject()
        .put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", like.getString("id") + "/undo").put("type", "Undo").put("actor", wes.uri())
        .put("object", withoutContext(like)).encode());
    Eventually.within10s("the favourite notification is withdrawn", () ->
        list(tess, "?types[]=favourite").isEmpty());

    assertEquals(200, plutro.postForm("/api/v1/notifications/clear", Map.of(),
        "Authorization", "Bearer " + tess.token()).status());
    assertEquals(0, list(tess, "").size());
    assertEquals(401, plutro.get("/api/v1/notifications").status());
  }

  static JsonObject withoutContext(JsonObject activity) {
    JsonObject copy = activity.copy();
    copy.remove("@context");
    return copy;
  }

  @Test
  void aLockedMemberGetsFollowRequestsAndADeletedPostTakesItsNotificationAway() {
    Member xena = plutro.register("xena");
    Member yuri = plutro.register("yuri");
    plutro.sql("UPDATE accounts SET locked = true WHERE id = $1", Long.parseLong(xena.id()));
    plutro.postForm("/api/v1/accounts/" + xena.id() + "/follow", Map.of(), "Authorization", "Bearer " + yuri.token());
    assertEquals(List.of("follow_request"), types(list(xena, "")));

    JsonObject mention = plutro.postForm("/api/v1/statuses", Map.of("status", "@xena hello"),
        "Authorization", "Bearer " + yuri.token()).json();
    assertEquals(List.of("mention", "follow_request"), types(list(xena, "")));
    plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(plutro.base()
        + "/api/v1/statuses/" + mention.getString("id"))).DELETE(), "Authorization", "Bearer " + yuri.token());
    assertEquals(List.of("follow_request"), types(list(xena, "")));
    // Mentioning oneself notifies nobody.
    plutro.postForm("/api/v1/statuses", Map.of("status", "@yuri note to self"), "Authorization", "Bearer " + yuri.token());
    assertEquals(0, list(yuri, "").size());
  }

  @Test
  void aLocalLikeAndShareNotifyTheAuthorAndTheirUndoTakesItBack() {
    Member xia = plutro.register("xia");
    Member yan = plutro.register("yan");
    String post = plutro.postForm("/api/v1/statuses", Map.of("status", "like me"),
        "Authorization", "Bearer " + xia.token()).json().getString("id");
    String auth = "Bearer " + yan.token();
    assertEquals(200, plutro.postForm("/api/v1/statuses/" + post + "/favourite", Map.of(),
        "Authorization", auth).status());
    assertEquals(200, plutro.postForm("/api/v1/statuses/" + post + "/reblog", Map.of(),
        "Authorization", auth).status());
    JsonArray both = list(xia, "");
    assertEquals(List.of("reblog", "favourite"), types(both));
    assertEquals(yan.id(), both.getJsonObject(0).getJsonObject("account").getString("id"));
    assertEquals(post, both.getJsonObject(1).getJsonObject("status").getString("id"));
    // Liking one's own post notifies nobody.
    plutro.postForm("/api/v1/statuses/" + post + "/favourite", Map.of(),
        "Authorization", "Bearer " + xia.token());
    assertEquals(2, list(xia, "").size());
    plutro.postForm("/api/v1/statuses/" + post + "/unfavourite", Map.of(), "Authorization", auth);
    plutro.postForm("/api/v1/statuses/" + post + "/unreblog", Map.of(), "Authorization", auth);
    assertEquals(0, list(xia, "").size(), "undone likes and shares are not notified any more");
  }
}
