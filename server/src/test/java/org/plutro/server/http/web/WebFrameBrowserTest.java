package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.TestInstance;

/** The frame in a real browser: the stylesheet loads under the CSP, and a phone gets no sideways scroll. */
class WebFrameBrowserTest {
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
  void anErrorPageIsStyledAndFitsAPhone() {
    browser.visit(plutro.base() + "/no/such/page");
    assertEquals("Not found · Plutro", browser.title());
    assertTrue(browser.text().contains("Not found"));
    // The stylesheet applied: the skip link is moved off screen by it.
    Object left = browser.driver().findElement(org.openqa.selenium.By.cssSelector("a.skip"))
        .getCssValue("left");
    assertEquals("-999px", left);
    browser.photograph("error-404");
  }
}
