package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/**
 * The frame every page shares: errors as pages for browsers and as JSON for apps, the
 * fingerprinted stylesheet, script and icon, and the headers that keep pages from running
 * anything but our own script.
 */
class WebFrameTest {
  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
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
  void aMissingPageIsAPageForABrowser() {
    Reply reply = plutro.get("/no/such/page", "Accept", BROWSER);
    assertEquals(404, reply.status());
    assertTrue(reply.header("Content-Type").startsWith("text/html"), reply.header("Content-Type"));
    Document page = Jsoup.parse(reply.body());
    assertEquals("Not found", page.selectFirst("h1").text());
    assertNotNull(page.selectFirst("header.site a.brand"), "the page has the site's header");
    assertEquals("en", page.selectFirst("html").attr("lang"));
    assertTrue(reply.header("Content-Security-Policy").contains("script-src 'self'"));
  }

  @Test
  void apisAnswerJsonWhateverTheBrowserAsks() {
    Reply api = plutro.get("/api/v1/statuses/999999", "Accept", BROWSER);
    assertEquals(404, api.status());
    assertEquals("Record not found", api.json().getString("error"));
    Reply app = plutro.get("/no/such/page", "Accept", "application/json");
    assertEquals(404, app.status());
    assertEquals("Record not found", app.json().getString("error"));
  }

  @Test
  void assetsAreFingerprintedAndKeptForever() {
    Document page = Jsoup.parse(plutro.get("/no/such/page", "Accept", BROWSER).body());
    String css = page.selectFirst("link[rel=stylesheet]").attr("href");
    String js = page.selectFirst("script[src]").attr("src");
    String icon = page.selectFirst("link[rel=icon]").attr("href");
    assertTrue(css.matches("/assets/plutro-[0-9a-f]{12}\\.css"), css);
    for (String asset : new String[] {css, js, icon}) {
      Reply reply = plutro.get(asset);
      assertEquals(200, reply.status(), asset);
      assertTrue(reply.header("Cache-Control").contains("immutable"), asset);
    }
    assertEquals("text/css; charset=utf-8", plutro.get(css).header("Content-Type"));
    assertEquals("image/svg+xml", plutro.get(icon).header("Content-Type"));
    assertEquals(404, plutro.get(css.replace("plutro-", "plutro-0")).status());
  }

  /** A brace lost in the stylesheet silently moves every later rule into the wrong block. */
  @Test
  void theStylesheetsBlocksAreBalanced() {
    Document page = Jsoup.parse(plutro.get("/no/such/page", "Accept", BROWSER).body());
    String css = plutro.get(page.selectFirst("link[rel=stylesheet]").attr("href")).body()
        .replaceAll("(?s)/\\*.*?\\*/", "");
    int depth = 0;
    for (char c : css.toCharArray()) {
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      assertTrue(depth >= 0, "a } closes nothing");
    }
    assertEquals(0, depth, "every { of the stylesheet is closed");
  }
}
