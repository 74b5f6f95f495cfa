package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * Profile links verified by a link back (rel="me"), as Mastodon: a member's own server verifies
 * her links, and another server that holds her copy verifies them again for itself. The linked
 * pages are served on loopback; only those that link back to her profile count.
 */
class ProfileLinkVerificationTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();
  static HttpServer site;
  static final Map<String, String> pages = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    site.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String redirect = pages.get("redirect:" + path);
      if (redirect != null) {
        exchange.getResponseHeaders().add("Location", redirect);
        exchange.sendResponseHeaders(302, -1);
      } else {
        String page = pages.get(path);
        byte[] body = (page == null ? "not here" : page).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    site.start();
  }

  @AfterAll
  static void stop() {
    site.stop(0);
  }

  static String site(String path) {
    return "http://127.0.0.1:" + site.getAddress().getPort() + path;
  }

  @Test
  void linksThatLinkBackAreVerifiedHereAndOnTheServerHoldingACopy() {
    Member lina = net.a().register("lina");
    String profile = net.a().base() + "/@lina";
    pages.put("/lina", "<html><head><link rel=\"me\" href=\"" + profile + "\"></head><body>Lina</body></html>");
    pages.put("/blog", "<p>A blog that does not say whose it is. <a href=\"" + profile + "\">Lina</a></p>");
    pages.put("/someone-else", "<a rel=\"me authn\" href=\"" + net.a().base() + "/@somebody\">me</a>");
    pages.put("/short", "<a rel=\"me\" href=\"" + site("/go") + "\">me</a>");
    pages.put("redirect:/go", profile);

    Reply set = updateFields(lina, "Home", site("/lina"), "Blog", site("/blog"),
        "Not me", site("/someone-else"), "Short", site("/short"));
    assertEquals(200, set.status(), set.body());
    String fieldLink = set.json().getJsonArray("fields").getJsonObject(0).getString("value");
    assertTrue(fieldLink.contains("rel=\"me "), "her own field links carry rel=me: " + fieldLink);

    Eventually.within10s("her own server verifies the links that link back",
        () -> verifiedAt(net.a().getWithToken("/api/v1/accounts/verify_credentials", lina.token()).json(), 0) != null
            && verifiedAt(net.a().getWithToken("/api/v1/accounts/verify_credentials", lina.token()).json(), 3) != null);
    JsonObject own = net.a().getWithToken("/api/v1/accounts/verify_credentials", lina.token()).json();
    assertNull(verifiedAt(own, 1), "a page without rel=me does not verify");
    assertNull(verifiedAt(own, 2), "a rel=me to someone else does not verify");
    assertNotNull(own.getJsonObject("source").getJsonArray("fields").getJsonObject(0).getValue("verified_at"));
    String page = net.a().get("/@lina", "Accept", "text/html").body();
    assertEquals(2, page.split("✓ verified", -1).length - 1, "the profile page marks the two verified links");

    // Saving the profile again with the same links keeps the marks; a changed link loses its mark.
    String firstMark = verifiedAt(own, 0);
    Reply again = updateFields(lina, "Home", site("/lina"), "Blog", site("/blog"),
        "Not me", site("/someone-else"), "Short", site("/short") + "?v=2");
    assertEquals(200, again.status(), again.body());
    assertEquals(firstMark, verifiedAt(again.json(), 0), "an unchanged link keeps its mark");
    assertNull(verifiedAt(again.json(), 3), "a changed link is verified afresh");
    Eventually.within10s("the changed link is verified again", () -> verifiedAt(
        net.a().getWithToken("/api/v1/accounts/verify_credentials", lina.token()).json(), 3) != null);

    // B fetches her actor and verifies for itself (no mark travels over ActivityPub).
    String actor = net.a().get("/users/lina", "Accept", "application/activity+json").body();
    assertTrue(!actor.contains("verified_at"), "her actor carries no verification mark: " + actor);
    Member bert = net.b().register("bert");
    String linaOnB = TwoInstancesTest.resolve(net.b(), bert, net.a(), "lina");
    Eventually.within10s("B verifies her link itself", () -> verifiedAt(
        net.b().getWithToken("/api/v1/accounts/" + linaOnB, bert.token()).json(), 0) != null);
    JsonObject seenOnB = net.b().getWithToken("/api/v1/accounts/" + linaOnB, bert.token()).json();
    assertNull(verifiedAt(seenOnB, 1));
    assertNull(verifiedAt(seenOnB, 2));
  }

  @Test
  void aPageThatCannotBeReadVerifiesNothingAndBreaksNothing() {
    Member noor = net.a().register("noor");
    pages.put("/huge", "<a rel=\"me\" href=\"" + net.a().base() + "/@noor\">me</a>" + "x".repeat(2 * 1024 * 1024));
    Reply set = updateFields(noor, "Gone", site("/missing"), "Huge", site("/huge"),
        "Not a link", "just words", "Mail", "mailto:noor@example.org");
    assertEquals(200, set.status(), set.body());
    Eventually.within10s("the verification job has run", () -> net.a().count(
        "SELECT count(*) FROM jobs WHERE kind = 'account.verify_links' AND payload ->> 'subject' = $1", noor.id()) == 0);
    JsonObject own = net.a().getWithToken("/api/v1/accounts/verify_credentials", noor.token()).json();
    for (int i = 0; i < 4; i++) {
      assertNull(verifiedAt(own, i), "field " + i + " stays unverified");
    }
  }

  private static String verifiedAt(JsonObject account, int field) {
    JsonArray fields = account.getJsonArray("fields");
    return field < fields.size() ? (String) fields.getJsonObject(field).getValue("verified_at") : null;
  }

  private static Reply updateFields(Member member, String... namesAndValues) {
    JsonArray fields = new JsonArray();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.add(new JsonObject().put("name", namesAndValues[i]).put("value", namesAndValues[i + 1]));
    }
    byte[] body = new JsonObject().put("fields_attributes", fields).encode().getBytes(StandardCharsets.UTF_8);
    return net.a().send(HttpRequest.newBuilder(URI.create(net.a().base() + "/api/v1/accounts/update_credentials"))
        .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)),
        "Authorization", "Bearer " + member.token());
  }
}
