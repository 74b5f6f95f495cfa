package org.plutro.server.http.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.plutro.server.testrig.AuthenticatorApp;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.WebSignIn;

/**
 * Two-factor sign-in in a real browser: a member signs in, sets it up (the test plays the phone:
 * it reads the key from the page and computes the code), keeps the recovery codes, signs out and
 * signs in again with a code. Screenshots {@code twofactor-*} at both widths.
 */
class TwoFactorBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void aMemberTurnsOnTwoFactorSignInAndSignsInWithACode() {
    plutro.register("gia");
    WebSignIn.as(browser, plutro, "gia");
    assertTrue(browser.url().endsWith("/"), browser.url());

    browser.visit(plutro.base() + "/settings/two_factor").screenshot("twofactor-off");
    browser.press("Set up");
    assertTrue(browser.url().endsWith("/settings/two_factor/setup"), browser.url());
    browser.photograph("twofactor-setup");
    AuthenticatorApp phone = new AuthenticatorApp(browser.driver().findElement(By.id("secret")).getText());

    browser.fill("Code from your authenticator app", phone.code())
        .fill("Current password", WebSignIn.PASSWORD)
        .press("Turn on two-factor sign-in");
    assertTrue(browser.text().contains("Two-factor sign-in is on."), browser.text());
    assertEquals(10, browser.driver().findElements(By.cssSelector(".recovery-codes code")).size());
    browser.photograph("twofactor-recovery-codes");
    browser.follow("I saved them");
    assertTrue(browser.text().contains("You have 10 unused recovery codes."), browser.text());
    browser.screenshot("twofactor-on");

    browser.press("Sign out");
    WebSignIn.as(browser, plutro, "gia");
    assertTrue(browser.url().endsWith("/auth/sign_in/two_factor"), browser.url());
    browser.photograph("twofactor-sign-in");
    browser.fill("Code from your authenticator app", phone.code()).press("Sign in");
    browser.visit(plutro.base() + "/settings/two_factor");
    assertTrue(browser.url().endsWith("/settings/two_factor"), "signed in: " + browser.url());
    assertTrue(browser.text().contains("Two-factor sign-in is on."), browser.text());
  }
}
