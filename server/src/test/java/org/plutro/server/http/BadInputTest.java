package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * What no route can store is refused at the edge with a clear 4xx, and nothing is written: NUL
 * characters anywhere (PostgreSQL text cannot hold them) and bodies in charsets we cannot read.
 */
class BadInputTest {
  static final String NUL = "\u0000";
  static TestInstance plutro;
  static Member nora;
  static Member omar;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    nora = plutro.register("nora");
    omar = plutro.register("omar");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  /**
   * Rows in every table a refused request could have written to, once no job is due: a job of the
   * members' sign-up finishing between two counts would change them with no request's doing.
   */
  static Map<String, Long> stored() {
    Eventually.within10s("no job is due",
        () -> plutro.count("SELECT count(*) FROM jobs WHERE run_at <= now()") == 0);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : List.of("accounts", "users", "statuses", "oauth_apps", "lists", "filters",
        "reports", "jobs", "tag_follows", "account_domain_blocks")) {
      counts.put(table, plutro.count("SELECT count(*) FROM " + table));
    }
    return counts;
  }

  String[] auth(Member member) {
    return new String[] {"Authorization", "Bearer " + member.token()};
  }

  Reply patchForm(String path, Map<String, String> form, Member member) {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
        .append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())), auth(member));
  }

  @Test
  void aNulCharacterAnywhereIsRefusedWith400AndNothingIsStored() {
    TestInstance.App app = plutro.app();
    Map<String, Long> before = stored();
    Map<String, Supplier<Reply>> requests = new LinkedHashMap<>();
    // Without a token.
    requests.put("token grant", () -> plutro.postForm("/oauth/token", Map.of("grant_type",
        "password", "username", "nora" + NUL, "password", "x", "client_id", app.clientId(),
        "client_secret", app.clientSecret())));
    requests.put("authorize", () -> plutro.get("/oauth/authorize?response_type=code&client_id="
        + app.clientId() + "%00&redirect_uri=urn:ietf:wg:oauth:2.0:oob"));
    requests.put("webfinger", () -> plutro.get("/.well-known/webfinger?resource=acct:nora%00@"
        + plutro.authority()));
    requests.put("app registration", () -> plutro.postForm("/api/v1/apps", Map.of("client_name",
        "evil" + NUL, "redirect_uris", "urn:ietf:wg:oauth:2.0:oob")));
    requests.put("profile page", () -> plutro.get("/@nora%00"));
    requests.put("actor", () -> plutro.get("/users/nora%00", "Accept", "application/activity+json"));
    requests.put("inbox", () -> plutro.postRaw("/inbox", "application/activity+json",
        "{\"id\":\"http://x/1\",\"type\":\"Create\",\"actor\":\"http://x/a\\u0000\"}"
            .getBytes(StandardCharsets.UTF_8)));
    // A member's requests.
    requests.put("registration", () -> plutro.postJson("/api/v1/accounts", new JsonObject()
            .put("username", "evil" + NUL).put("email", "evil@example.org")
            .put("password", "a long password").put("agreement", true).put("locale", "en"),
        "Authorization", "Bearer " + app.appToken()));
    requests.put("post (form)", () -> plutro.postForm("/api/v1/statuses",
        Map.of("status", "hello" + NUL), auth(nora)));
    requests.put("post (json)", () -> plutro.postJson("/api/v1/statuses",
        new JsonObject().put("status", "hello" + NUL), auth(nora)));
    requests.put("post spoiler", () -> plutro.postForm("/api/v1/statuses",
        Map.of("status", "hello", "spoiler_text", NUL), auth(nora)));
    requests.put("post with a raw NUL byte", () -> plutro.postRaw("/api/v1/statuses",
        "application/json", "{\"status\":\"a\0b\"}".getBytes(StandardCharsets.UTF_8), auth(nora)));
    requests.put("profile (form)", () -> patchForm("/api/v1/accounts/update_credentials",
        Map.of("display_name", "Nora" + NUL), nora));
    Multipart bio = new Multipart().field("note", "bio" + NUL);
    requests.put("profile (multipart)", () -> plutro.send(HttpRequest.newBuilder(
            URI.create(plutro.base() + "/api/v1/accounts/update_credentials"))
        .header("Content-Type", bio.contentType()).method("PATCH", bio.publisher()), auth(nora)));
    requests.put("list", () -> plutro.postForm("/api/v1/lists", Map.of("title", "l" + NUL), auth(nora)));
    requests.put("filter", () -> plutro.postForm("/api/v2/filters", Map.of("title", "f" + NUL,
        "context[]", "home"), auth(nora)));
    requests.put("report", () -> plutro.postForm("/api/v1/reports", Map.of("account_id",
        omar.id(), "comment", "spam" + NUL), auth(nora)));
    requests.put("search", () -> plutro.getWithToken("/api/v2/search?q=%00", nora.token()));
    requests.put("account search", () -> plutro.getWithToken("/api/v1/accounts/search?q=om%00",
        nora.token()));
    requests.put("lookup", () -> plutro.getWithToken("/api/v1/accounts/lookup?acct=omar%00",
        nora.token()));
    requests.put("tag timeline", () -> plutro.getWithToken("/api/v1/timelines/tag/java%00",
        nora.token()));
    requests.put("follow a tag", () -> plutro.postForm("/api/v1/tags/java%00/follow", Map.of(),
        auth(nora)));
    requests.put("domain block", () -> plutro.postForm("/api/v1/domain_blocks",
        Map.of("domain", "example.org" + NUL), auth(nora)));
    requests.put("markers", () -> plutro.postForm("/api/v1/markers",
        Map.of("home[last_read_id]", "1" + NUL), auth(nora)));

    List<String> wrong = new ArrayList<>();
    requests.forEach((name, request) -> {
      Reply reply = request.get();
      if (reply.status() != 400 || !reply.body().contains("NUL")) {
        wrong.add(name + ": " + reply);
      }
    });
    assertTrue(wrong.isEmpty(), "refused with 400 at the edge: " + wrong);
    assertEquals(before, stored());
    // The same requests without the NUL still work: the guard refuses only what it must.
    assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "hello \\u0000 as text"),
        auth(nora)).status());
    assertEquals(200, plutro.postJson("/api/v1/statuses",
        "{\"status\":\"an escaped backslash: \\\\u0000\"}", auth(nora)).status());
  }

  @Test
  void aCharsetWeCannotReadIsRefusedAndNothingIsStored() {
    Map<String, Long> before = stored();
    for (String type : List.of("application/x-www-form-urlencoded; charset=evil",
        "application/json; charset=evil", "application/json; charset=\"x y\"")) {
      Reply reply = plutro.postRaw("/api/v1/statuses", type,
          (type.contains("json") ? "{\"status\":\"hi\"}" : "status=hi").getBytes(StandardCharsets.UTF_8),
          auth(nora));
      assertEquals(400, reply.status(), type + ": " + reply);
      assertTrue(reply.body().contains("charset"), reply.body());
    }
    assertEquals(before, stored());
    assertEquals(200, plutro.postRaw("/api/v1/statuses", "application/json; charset=UTF-8",
        "{\"status\":\"hi\"}".getBytes(StandardCharsets.UTF_8), auth(nora)).status());
  }

  @Test
  void appsCannotRegisterRedirectsThatRunInTheBrowser() {
    for (String uri : List.of("javascript:alert(document.cookie)", "JavaScript://x%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "file:///etc/passwd",
        "https:/no-host", "relative/path")) {
      Reply reply = plutro.postForm("/api/v1/apps", Map.of("client_name", "evil",
          "redirect_uris", uri));
      assertEquals(422, reply.status(), uri + ": " + reply);
      assertTrue(reply.json().getJsonObject("details").containsKey("redirect_uri"), reply.body());
    }
    for (String uri : List.of("https://app.example/callback", "com.example.app:/oauth",
        "tusky://oauth", "urn:ietf:wg:oauth:2.0:oob", "http://127.0.0.1:8080/cb")) {
      Reply reply = plutro.postForm("/api/v1/apps", Map.of("client_name", "fine",
          "redirect_uris", uri));
      assertEquals(200, reply.status(), uri + ": " + reply);
    }
  }

  @Test
  void anAppRegisteredEarlierWithAScriptRedirectIsNotSentThere() {
    String clientId = "legacy-" + System.nanoTime();
    plutro.sql("INSERT INTO oauth_apps (name, redirect_uris, scopes, client_id, client_secret_hash)"
        + " VALUES ('old', ARRAY['javascript:alert(1)'], ARRAY['read'], $1, $2)", clientId,
        new byte[32]);
    Reply reply = plutro.get("/oauth/authorize?response_type=code&client_id=" + clientId
        + "&redirect_uri=javascript:alert(1)");
    assertEquals(400, reply.status(), reply.toString());
    assertTrue(reply.header("Location") == null, "no redirect to a script");
  }
}
