package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.document.JsonDocument;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.security.PublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.jsonld.BundledContexts;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/**
 * The actor document as a JSON-LD processor reads it (Titanium, bundled contexts only — a context
 * it could not load would fail the expansion): every term means the IRI peers look for.
 */
class ActorDocumentTest {
  static final String AS = "https://www.w3.org/ns/activitystreams#";
  static final String SEC = "https://w3id.org/security#";
  static final String TOOT = "http://joinmastodon.org/ns#";
  static TestInstance plutro;
  static String actorUri;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    actorUri = plutro.register("ada").actorUri();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void everyTermExpandsToTheIriPeersRead() throws Exception {
    Reply reply = plutro.get("/users/ada", "Accept",
        "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");
    assertEquals(200, reply.status());
    assertTrue(reply.header("Content-Type").startsWith("application/activity+json"));
    JsonArray expanded = JsonLd.expand(JsonDocument.of(new StringReader(reply.body())))
        .loader(BundledContexts.INSTANCE).get();
    JsonObject actor = expanded.getJsonObject(0);

    assertEquals(actorUri, actor.getString("@id"));
    assertEquals(AS + "Person", actor.getJsonArray("@type").getString(0));
    assertEquals("ada", value(actor, AS + "preferredUsername"));
    assertEquals(actorUri + "/inbox", id(actor, "http://www.w3.org/ns/ldp#inbox"));
    assertEquals(actorUri + "/outbox", id(actor, AS + "outbox"));
    assertEquals(actorUri + "/followers", id(actor, AS + "followers"));
    assertEquals(actorUri + "/following", id(actor, AS + "following"));
    assertEquals(actorUri + "/collections/featured", id(actor, TOOT + "featured"));
    assertEquals(plutro.base() + "/@ada", id(actor, AS + "url"));
    assertEquals(false, bool(actor, AS + "manuallyApprovesFollowers"));
    assertEquals(true, bool(actor, TOOT + "discoverable"));
    assertEquals(true, bool(actor, TOOT + "indexable"));
    assertTrue(actor.containsKey(AS + "published"));

    JsonObject endpoints = actor.getJsonArray(AS + "endpoints").getJsonObject(0);
    assertEquals(plutro.base() + "/inbox", id(endpoints, AS + "sharedInbox"));

    JsonObject key = actor.getJsonArray(SEC + "publicKey").getJsonObject(0);
    assertEquals(actorUri + "#main-key", key.getString("@id"));
    assertEquals(actorUri, id(key, SEC + "owner"));
    PublicKey rsa = KeyPairs.publicKeyFromPem(value(key, SEC + "publicKeyPem"));
    assertEquals("RSA", rsa.getAlgorithm());

    // FEP-521a: both keys as Multikey; the RSA one is the same key as publicKeyPem.
    JsonArray methods = actor.getJsonArray(SEC + "assertionMethod");
    assertEquals(2, methods.size());
    boolean sawEd25519 = false;
    for (JsonValue method : methods) {
      JsonObject multikey = method.asJsonObject();
      assertEquals(SEC + "Multikey", multikey.getJsonArray("@type").getString(0));
      assertEquals(actorUri, id(multikey, SEC + "controller"));
      PublicKey decoded = KeyPairs.fromMultibase(value(multikey, SEC + "publicKeyMultibase"));
      if (KeyPairs.isEd25519(decoded)) {
        sawEd25519 = true;
        assertEquals(actorUri + "#ed25519-key", multikey.getString("@id"));
      } else {
        assertArrayEquals(rsa.getEncoded(), decoded.getEncoded());
      }
    }
    assertTrue(sawEd25519);
  }

  @Test
  void browsersGetThePageAndEveryoneElseTheJson() {
    Reply browser = plutro.get("/users/ada", "Accept", "text/html,application/xhtml+xml");
    assertEquals(302, browser.status());
    assertEquals(plutro.base() + "/@ada", browser.header("Location"));
    Reply page = plutro.get("/@ada", "Accept", "text/html");
    assertTrue(page.body().contains("<meta property=\"og:title\" content=\"ada (@ada@" + plutro.authority()));
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    for (String accept : new String[] {"application/activity+json", "*/*", "nonsense;;;", ""}) {
      Reply json = accept.isEmpty() ? plutro.get("/users/ada") : plutro.get("/users/ada", "Accept", accept);
      assertEquals(200, json.status(), accept);
      assertEquals(actorUri, json.json().getString("id"), accept);
    }
    assertEquals(404, plutro.get("/users/nobody", "Accept", "application/activity+json").status());
    assertEquals(404, plutro.get("/@nobody", "Accept", "text/html").status());
  }

  private static String value(JsonObject node, String property) {
    return node.getJsonArray(property).getJsonObject(0).getString("@value");
  }

  private static boolean bool(JsonObject node, String property) {
    return node.getJsonArray(property).getJsonObject(0).getBoolean("@value");
  }

  private static String id(JsonObject node, String property) {
    return node.getJsonArray(property).getJsonObject(0).getString("@id");
  }
}
