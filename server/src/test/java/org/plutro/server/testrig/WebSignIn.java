package org.plutro.server.testrig;

import java.util.HashMap;
import java.util.Map;

/**
 * Signs a member in to the web pages as a person does. Over plain HTTP ({@link Browser}) through
 * the sign-in form of the OAuth authorize page (an app that shows its code on the page, so
 * nothing leaves the server; the sign-in history calls it "The sign-in page, for an app"); in
 * real Chromium through {@code /auth/sign_in}. Either way the browser then holds a signed-in
 * {@code plutro_session} cookie.
 */
public final class WebSignIn {
  /** The password {@link TestInstance#register} gives every member. */
  public static final String PASSWORD = "a long password";
  private static final String OOB = "urn:ietf:wg:oauth:2.0:oob";

  private WebSignIn() {}

  /** A browser (Firefox on Linux) signed in as a member registered by {@link TestInstance#register}. */
  public static Browser as(TestInstance plutro, TestInstance.Member member) {
    return as(plutro, member.username());
  }

  /** A browser signed in with this login (username or email) and the test rig's password. */
  public static Browser as(TestInstance plutro, String login) {
    return as(new Browser(plutro), plutro, login, PASSWORD);
  }

  /** {@code browser}, with its user agent and its cookies so far, signed in with this login and password. */
  public static Browser as(Browser browser, TestInstance plutro, String login, String password) {
    Reply page = browser.get("/oauth/authorize?response_type=code&client_id=" + plutro.app().clientId()
        + "&redirect_uri=" + OOB + "&scope=read");
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

  /**
   * Fills in and sends {@code /auth/sign_in} ({@code returnTo} may be null): the page's answer, a
   * redirect when the password was right.
   */
  public static Reply signInPage(Browser browser, String login, String password, String returnTo) {
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(browser.get("/auth/sign_in").body()));
    form.put("login", login);
    form.put("password", password);
    if (returnTo != null) {
      form.put("return_to", returnTo);
    }
    return browser.post("/auth/sign_in", form);
  }

  /**
   * Signs the real browser in on {@code /auth/sign_in}, typed as a person would, from a fresh
   * session (whoever was signed in before is forgotten). With two-factor sign-in on, the browser
   * is left on the page that asks for the code.
   */
  public static void as(Chromium chromium, TestInstance plutro, String login) {
    chromium.visit(plutro.base() + "/auth/sign_in").forgetCookies();
    chromium.visit(plutro.base() + "/auth/sign_in")
        .fill("Email or username", login)
        .fill("Password", PASSWORD)
        .press("Sign in");
    if (chromium.url().endsWith("/auth/sign_in")) {
      throw new IllegalStateException("sign-in failed: " + chromium.text());
    }
  }
}
