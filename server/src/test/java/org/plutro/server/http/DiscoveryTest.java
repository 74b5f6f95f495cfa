package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/** WebFinger, host-meta and NodeInfo, as other servers and crawlers ask for them. */
class DiscoveryTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    plutro.register("carol");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  private static Reply webfinger(String resource) {
    return plutro.get("/.well-known/webfinger?resource="
        + URLEncoder.encode(resource, StandardCharsets.UTF_8));
  }

  @Test
  void webfingerFindsAMemberByHandleWithPortAndByActorUrl() {
    Reply reply = webfinger("acct:carol@" + plutro.authority());
    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.header("Content-Type").startsWith("application/jrd+json"));
    assertEquals("*", reply.header("Access-Control-Allow-Origin"));
    JsonObject jrd = reply.json();
    assertEquals("acct:carol@" + plutro.authority(), jrd.getString("subject"));
    JsonObject self = link(jrd.getJsonArray("links"), "self");
    assertEquals("application/activity+json", self.getString("type"));
    assertEquals(plutro.base() + "/users/carol", self.getString("href"));
    assertEquals(plutro.base() + "/@carol",
        link(jrd.getJsonArray("links"), "http://webfinger.net/rel/profile-page").getString("href"));

    assertEquals(200, webfinger("acct:CAROL@" + plutro.authority()).status(), "case-insensitive");
    assertEquals(jrd, webfinger(plutro.base() + "/users/carol").json());
    assertEquals(jrd, webfinger(plutro.base() + "/@carol").json());
    assertEquals(jrd, webfinger("carol@" + plutro.authority()).json());
  }

  @Test
  void webfingerRefusesWhatItCannotAnswer() {
    assertEquals(404, webfinger("acct:nobody@" + plutro.authority()).status());
    assertEquals(400, webfinger("acct:carol@elsewhere.example").status());
    assertEquals(400, webfinger("acct:carol@127.0.0.1:1").status(), "another port is another host");
    assertEquals(400, webfinger("acct:@").status());
    assertEquals(400, webfinger("acct:carol").status());
    assertEquals(400, webfinger("https://elsewhere.example/users/carol").status());
    assertEquals(400, plutro.get("/.well-known/webfinger").status());
    assertEquals(404, webfinger(plutro.base() + "/users/nobody").status());
  }

  @Test
  void theInstanceActorIsFoundFromNodeInfoAndWebFinger() {
    JsonObject discovery = plutro.get("/.well-known/nodeinfo").json();
    String actorUrl = link(discovery.getJsonArray("links"),
        "https://www.w3.org/ns/activitystreams#Application").getString("href");
    assertEquals(plutro.base() + "/actor", actorUrl);
    JsonObject actor = plutro.get(actorUrl, "Accept", "application/activity+json").json();
    assertEquals("Application", actor.getString("type"));
    assertEquals(actorUrl + "#main-key", actor.getJsonObject("publicKey").getString("id"));
    JsonObject jrd = webfinger(plutro.base() + "/").json();
    assertEquals(actorUrl, link(jrd.getJsonArray("links"), "self").getString("href"));
  }

  @Test
  void hostMetaPointsToWebFingerInXmlAndJson() {
    Reply xml = plutro.get("/.well-known/host-meta");
    assertEquals(200, xml.status());
    assertTrue(xml.header("Content-Type").startsWith("application/xrd+xml"));
    assertTrue(xml.body().contains("template=\"" + plutro.base()
        + "/.well-known/webfinger?resource={uri}\""), xml.body());
    JsonObject json = plutro.get("/.well-known/host-meta.json").json();
    assertEquals(plutro.base() + "/.well-known/webfinger?resource={uri}",
        link(json.getJsonArray("links"), "lrdd").getString("template"));
    assertEquals(json, plutro.get("/.well-known/host-meta", "Accept", "application/json").json());
  }

  @Test
  void nodeInfoCountsRealMembers() {
    JsonObject discovery = plutro.get("/.well-known/nodeinfo").json();
    for (String version : new String[] {"2.0", "2.1"}) {
      String href = link(discovery.getJsonArray("links"),
          "http://nodeinfo.diaspora.software/ns/schema/" + version).getString("href");
      Reply reply = plutro.get(href);
      assertTrue(reply.header("Content-Type").contains("ns/schema/" + version), reply.headers().toString());
      JsonObject info = reply.json();
      assertEquals(version, info.getString("version"));
      assertEquals("plutro", info.getJsonObject("software").getString("name"));
      assertEquals(new JsonArray().add("activitypub"), info.getJsonArray("protocols"));
      assertTrue(info.getBoolean("openRegistrations"));
    }
    long before = plutro.get("/nodeinfo/2.1").json().getJsonObject("usage")
        .getJsonObject("users").getLong("total");
    plutro.register("dave");
    JsonObject users = plutro.get("/nodeinfo/2.1").json().getJsonObject("usage").getJsonObject("users");
    assertEquals(before + 1, users.getLong("total"));
    assertTrue(users.getLong("activeMonth") >= 1, "dave used his token just now");
  }

  /** The schemas are NodeInfo's own (jhass/nodeinfo, schemas/2.x/schema.json at 15b74ef). */
  @Test
  void nodeInfoDocumentsMatchThePublishedSchemasAndNameThemInTheirContentType() throws Exception {
    for (String version : new String[] {"2.0", "2.1"}) {
      Reply reply = plutro.get("/nodeinfo/" + version);
      assertEquals(200, reply.status());
      assertEquals(List.of("application/json",
              "profile=\"http://nodeinfo.diaspora.software/ns/schema/" + version + "#\""),
          mediaType(reply.header("Content-Type")), reply.header("Content-Type"));
      Schema schema;
      try (InputStream in = DiscoveryTest.class.getResourceAsStream("/nodeinfo/schema-" + version + ".json")) {
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
      }
      List<com.networknt.schema.Error> errors = schema.validate(reply.body(), InputFormat.JSON);
      assertEquals(List.of(), errors.stream().map(Object::toString).toList(), version + ": " + reply.body());
    }
  }

  /** GoToSocial's reading: the last NodeInfo link, then a document whose type says 2.0. */
  @Test
  void aReaderTakingTheLastNodeInfoLinkGetsTheTwoPointZeroDocument() {
    Reply discovery = plutro.get("/.well-known/nodeinfo");
    assertEquals(List.of("application/json"), mediaType(discovery.header("Content-Type")));
    String last = null;
    for (Object link : discovery.json().getJsonArray("links")) {
      JsonObject l = (JsonObject) link;
      if (l.getString("rel").startsWith("http://nodeinfo.diaspora.software/ns/schema/2")) {
        last = l.getString("href");
      }
    }
    assertEquals(plutro.base() + "/nodeinfo/2.0", last);
    Reply document = plutro.get(last, "Accept", "application/json");
    assertEquals(List.of("application/json", "profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\""),
        mediaType(document.header("Content-Type")));
    assertEquals("2.0", document.json().getString("version"));
  }

  /** A content type's parts, as GoToSocial compares them: lower case, trimmed, charset (UTF-8) dropped. */
  static List<String> mediaType(String contentType) {
    List<String> parts = new ArrayList<>();
    for (String part : contentType.split(";")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=")) {
        assertEquals("charset=utf-8", p);
      } else {
        parts.add(p);
      }
    }
    return parts;
  }

  @Test
  void livenessAndReadiness() {
    assertEquals("ok", plutro.get("/livez").json().getString("status"));
    assertEquals("ok", plutro.get("/readyz").json().getString("database"));
  }

  static JsonObject link(JsonArray links, String rel) {
    for (Object link : links) {
      if (link instanceof JsonObject l && rel.equals(l.getString("rel"))) {
        return l;
      }
    }
    throw new AssertionError("no link " + rel + " in " + links.encode());
  }
}
