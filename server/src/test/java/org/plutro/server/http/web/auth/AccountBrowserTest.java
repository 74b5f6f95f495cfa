package org.plutro.server.http.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Inbox;
import org.plutro.server.testrig.TestInstance;

/**
 * A person's account in a real browser (headless Chromium), as they would go about it: sign up by
 * the labels they read, find the mail in their inbox, open its link, sign out, sign in again; and
 * an app's authorize page that leads back to the app. Screenshots {@code account-*} at 1280 and
 * 390 px go to {@code target/screenshots}.
 */
class AccountBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);
  static Inbox inbox;
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    inbox = Inbox.start();
    plutro = TestInstance.start(inbox.environment());
  }

  @AfterAll
  static void stop() {
    plutro.close();
    inbox.close();
  }

  /** A fresh start: the instance's cookies gone. */
  static void signedOut() {
    browser.visit(plutro.base() + "/auth/sign_in").forgetCookies();
  }

  @Test
  void aVisitorSignsUpConfirmsTheAddressSignsOutAndSignsInAgain() {
    signedOut();
    browser.visit(plutro.base() + "/auth/sign_up");
    assertEquals("Sign up · Plutro", browser.title());
    browser.photograph("account-sign-up");

    // A first try with mistakes: each is said next to its field, and what was typed stays.
    browser.fill("Display name", "Lina Park").fill("Username", "lina park")
        .fill("Email address", "lina@example.org").fill("Password", "short")
        .fill("Confirm password", "short").check("I agree to the rules and the privacy policy", true)
        .press("Sign up");
    assertTrue(browser.text().contains("Username must contain only letters, numbers and underscores"),
        browser.text());
    assertTrue(browser.text().contains("Password is too short"), browser.text());
    assertEquals("lina park", browser.field("Username").getAttribute("value"));
    browser.photograph("account-sign-up-errors");

    browser.fill("Username", "lina").fill("Password", "a long password")
        .fill("Confirm password", "a long password").press("Sign up");
    assertTrue(browser.url().endsWith("/auth/setup"), browser.url());
    assertTrue(browser.text().contains("We sent a link to lina@example.org"), browser.text());
    assertTrue(browser.driver().findElement(org.openqa.selenium.By.cssSelector("header.site")).getText()
        .contains("@lina"), "signed in: the header names her");
    browser.photograph("account-confirm-your-address");

    browser.press("Send the link again");
    assertTrue(browser.text().contains("A new link is on its way"), browser.text());

    Inbox.Mail mail = inbox.await("lina@example.org", "Confirm your email address for Plutro");
    browser.visit(mail.link(plutro.base() + "/auth/confirmation"));
    assertTrue(browser.text().contains("your email address is confirmed"), browser.text());
    browser.screenshot("account-confirmed");
    browser.follow("Set up your profile");
    assertTrue(browser.url().endsWith("/settings/profile"), "a new member's next step: " + browser.url());

    browser.press("Sign out");
    assertTrue(browser.text().contains("You are signed out."), browser.text());

    // Signing in again where she wanted to go: the page sends her to sign in, then back.
    browser.visit(plutro.base() + "/settings/email");
    assertTrue(browser.url().contains("/auth/sign_in?return_to="), browser.url());
    browser.photograph("account-sign-in");
    browser.fill("Email or username", "lina").fill("Password", "a long password").press("Sign in");
    assertEquals(plutro.base() + "/settings/email", browser.url());
    assertTrue(browser.text().contains("Your account uses lina@example.org"), browser.text());
    browser.photograph("account-email-settings");

    browser.press("Sign out");
    browser.follow("Forgot your password?");
    browser.photograph("account-password-reset");
    browser.fill("Email address", "lina@example.org").press("Send me a link");
    assertTrue(browser.text().contains("If an account uses this address"), browser.text());
    browser.visit(inbox.await("lina@example.org", "Reset your password on Plutro")
        .link(plutro.base() + "/auth/password/edit"));
    browser.screenshot("account-new-password");
    browser.fill("New password", "another long password").fill("Confirm new password", "another long password")
        .press("Change password");
    assertTrue(browser.text().contains("Your password was changed"), browser.text());
  }

  @Test
  void theAuthorizePageWearsTheSitesLookAndLeadsBackToTheApp() {
    plutro.register("olga");
    signedOut();
    // Another origin than the instance's: the consent form's redirect must be let through.
    String callback = "http://localhost:" + java.net.URI.create(plutro.base()).getPort() + "/callback";
    JsonObject app = plutro.postForm("/api/v1/apps", Map.of("client_name", "Elk", "redirect_uris", callback,
        "scopes", "read write", "website", "https://elk.example")).json();
    browser.visit(plutro.base() + "/oauth/authorize?response_type=code&client_id=" + app.getString("client_id")
        + "&redirect_uri=" + URLEncoder.encode(callback, StandardCharsets.UTF_8) + "&scope=read+write&state=s1");
    assertEquals("Authorize Elk · Plutro", browser.title());
    assertEquals("-999px", browser.driver().findElement(org.openqa.selenium.By.cssSelector("a.skip"))
        .getCssValue("left"), "the site's stylesheet applies");
    browser.photograph("account-oauth-authorize");
    browser.fill("Email or username", "olga").fill("Password", "a long password").press("Authorize");
    assertTrue(browser.url().startsWith(callback + "?code="), browser.url());
    assertTrue(browser.url().endsWith("&state=s1"), browser.url());
  }
}
