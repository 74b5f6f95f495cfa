package org.plutro.server.testrig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Signs a member in to the web pages as a person does, through the sign-in form of the OAuth
 * authorize page (an app that shows its code on the page, so nothing leaves the server), and
 * hands back the browser holding the signed-in {@code plutro_session} cookie.
 */
public final class WebSignIn {
  /** The password {@link TestInstance#register} gives every member. */
  public static final String PASSWORD = "a long password";
  private static final String OOB = "urn:ietf:wg:oauth:2.0:oob";

  private WebSignIn() {}

  /** A browser without JavaScript, signed in as a member registered by {@link TestInstance#register}. */
  public static Browser as(TestInstance plutro, TestInstance.Member member) {
    return as(plutro, member.username(), PASSWORD);
  }

  /** A browser without JavaScript, signed in with this login (username or email) and password. */
  public static Browser as(TestInstance plutro, String login, String password) {
    Browser browser = new Browser(plutro);
    Reply page = browser.get(authorizePath(plutro));
    if (page.status() != 200) {
      throw new IllegalStateException("the sign-in page did not open: " + page);
    }
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("login", login);
    form.put("password", password);
    form.put("decision", "approve");
    Reply signedIn = browser.post("/oauth/authorize", form);
    if (signedIn.status() != 200 || !signedIn.body().contains("Authorization code")
        || browser.cookie("plutro_session") == null) {
      throw new IllegalStateException("sign-in failed: " + signedIn);
    }
    return browser;
  }

  /** Signs the real browser in, through the same page, as a person would type it. */
  public static void as(Chromium chromium, TestInstance plutro, String login, String password) {
    chromium.visit(plutro.base() + authorizePath(plutro))
        .fill("Email or username", login)
        .fill("Password", password)
        .press("Authorize");
    if (!chromium.text().contains("Authorization code")) {
      throw new IllegalStateException("sign-in failed: " + chromium.text());
    }
  }

  /** The authorize page of a new app that shows its code instead of redirecting. */
  private static String authorizePath(TestInstance plutro) {
    Reply app = plutro.postForm("/api/v1/apps", Map.of("client_name", "web sign-in",
        "redirect_uris", OOB, "scopes", "read"));
    if (app.status() != 200) {
      throw new IllegalStateException("app registration failed: " + app);
    }
    return "/oauth/authorize?response_type=code&client_id=" + app.json().getString("client_id")
        + "&redirect_uri=" + URLEncoder.encode(OOB, StandardCharsets.UTF_8) + "&scope=read";
  }
}
