package org.plutro.server.testrig;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** An app's sign-in as apps do it: register, authorize page, approve, token with PKCE. */
public final class OAuthDance {
  public static final String CALLBACK = "https://app.example/callback";

  private OAuthDance() {}

  public record Signed(JsonObject app, String token, JsonObject tokenEntity) {}

  /** Registers an app with these scopes and signs {@code login} in through the pages. */
  public static Signed signIn(TestInstance plutro, String appName, String scopes, String login,
      String password) {
    Reply created = plutro.postForm("/api/v1/apps", Map.of("client_name", appName,
        "redirect_uris", CALLBACK, "scopes", scopes));
    if (created.status() != 200) {
      throw new IllegalStateException("app registration failed: " + created);
    }
    JsonObject app = created.json();
    String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
    String challenge;
    try {
      challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Browser browser = new Browser(plutro);
    Reply page = browser.get("/oauth/authorize?response_type=code&client_id="
        + app.getString("client_id") + "&redirect_uri=" + enc(CALLBACK) + "&scope=" + enc(scopes)
        + "&code_challenge=" + challenge + "&code_challenge_method=S256&state=launch");
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("login", login);
    form.put("password", password);
    form.put("decision", "approve");
    Reply redirect = browser.post("/oauth/authorize", form);
    if (redirect.status() != 302) {
      throw new IllegalStateException("approval failed: " + redirect);
    }
    String code = Browser.query(redirect.header("Location")).get("code");
    Reply token = plutro.postForm("/oauth/token", Map.of("grant_type", "authorization_code",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "code", code, "redirect_uri", CALLBACK, "code_verifier", verifier));
    if (token.status() != 200) {
      throw new IllegalStateException("token exchange failed: " + token);
    }
    return new Signed(app, token.json().getString("access_token"), token.json());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
