package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * A member's data pages in real Chromium, with a second real instance on loopback that follows
 * her: she signs in, looks at her sessions, downloads her archive, imports a follow, looks at
 * the move page, closes her account and watches the closure reach the other instance. Each page
 * is photographed at 1280 and 390 px ({@code target/screenshots/data-*}).
 */
class DataPagesBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);
  static TestInstance home;
  static TestInstance other;

  @BeforeAll
  static void start() {
    home = TestInstance.start();
    other = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    home.close();
    other.close();
  }

  @Test
  void aMemberTakesHerDataAlongAndLeaves() throws Exception {
    Member pia = home.register("pia");
    Member quinn = other.register("quinn");
    String piaOnOther = resolve(other, quinn, "pia@" + home.authority());
    assertEquals(200, other.postForm("/api/v1/accounts/" + piaOnOther + "/follow", Map.of(),
        "Authorization", "Bearer " + quinn.token()).status());
    Eventually.within10s("quinn follows pia", () -> other.getWithToken(
        "/api/v1/accounts/relationships?id[]=" + piaOnOther, quinn.token()).array().getJsonObject(0)
        .getBoolean("following"));

    signIn("pia");
    WebDriver driver = browser.driver();

    browser.visit(home.base() + "/settings/sessions");
    assertEquals("Sessions · Plutro", browser.title());
    assertTrue(browser.text().contains("This browser"), browser.text());
    assertTrue(browser.text().contains("Chromium on Linux"), browser.text());
    assertTrue(browser.text().contains("The sign-in page, for an app"), browser.text());
    browser.photograph("data-sessions");

    browser.visit(home.base() + "/settings/applications");
    assertTrue(browser.text().contains("Photo book"), browser.text());
    browser.photograph("data-applications");

    // The archive is downloaded: the file arrives whole.
    Path downloads = TestInstance.tempDir();
    ((ChromeDriver) driver).executeCdpCommand("Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    browser.visit(home.base() + "/settings/export");
    browser.photograph("data-export");
    driver.findElement(By.linkText("Download the archive")).click();
    Path archive = downloads.resolve("archive.zip");
    Eventually.within10s("the archive is downloaded", () -> Files.exists(archive) && size(archive) > 0);
    byte[] zip = Files.readAllBytes(archive);
    assertEquals('P', zip[0]);
    assertEquals('K', zip[1]);

    // An import: she follows quinn back from a file.
    Path file = TestInstance.tempDir().resolve("following.csv");
    Files.writeString(file, "Account address,Show boosts,Notify on new posts,Languages\nquinn@"
        + other.authority() + ",true,false,\n");
    browser.visit(home.base() + "/settings/import");
    browser.select("What the file holds", "Accounts you follow (following.csv)");
    browser.attach("CSV file", file);
    browser.pressAndConfirm("Import the file");
    assertTrue(browser.text().contains("The import has started."), browser.text());
    Eventually.within10s("the import is finished", () -> {
      browser.visit(home.base() + "/settings/import");
      return browser.text().contains("Finished: 1 imported");
    });
    browser.photograph("data-import");

    browser.visit(home.base() + "/settings/migration");
    assertTrue(browser.text().contains("has not moved"), browser.text());
    browser.photograph("data-migration");

    // She closes her account; the other instance is told.
    browser.visit(home.base() + "/settings/delete");
    assertTrue(browser.text().contains(other.authority()), "the instance to be told is named");
    browser.photograph("data-delete");
    browser.fill("Your password", "a long password");
    browser.pressAndConfirm("Close my account");
    assertTrue(browser.url().endsWith("/settings/delete/reach"), browser.url());
    Eventually.within(Duration.ofSeconds(20), "the closure reaches the other instance", () -> {
      browser.visit(home.base() + "/settings/delete/reach");
      return browser.text().contains("1 delivered");
    });
    WebElement row = driver.findElements(By.cssSelector("table.reach tbody tr")).get(0);
    assertTrue(row.getText().contains(other.authority()), row.getText());
    assertTrue(row.getText().contains("Delivered"), row.getText());
    browser.photograph("data-reach");
    Eventually.within10s("the other instance forgets her",
        () -> other.get("/api/v1/accounts/" + piaOnOther).status() == 404);

    // Her old session opens no settings page any more.
    browser.visit(home.base() + "/settings/sessions");
    assertTrue(browser.url().contains("/auth/sign_in"), browser.url());
    assertEquals(401, home.getWithToken("/api/v1/accounts/verify_credentials", pia.token()).status());
  }

  /** Signs in the way a browser does on this branch: on an app's authorization page. */
  private static void signIn(String login) {
    JsonObject app = home.postForm("/api/v1/apps", Map.of("client_name", "Photo book",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read")).json();
    browser.visit(home.base() + "/oauth/authorize?response_type=code&client_id="
        + app.getString("client_id") + "&redirect_uri="
        + URLEncoder.encode("urn:ietf:wg:oauth:2.0:oob", StandardCharsets.UTF_8) + "&scope=read");
    browser.fill("Email or username", login).fill("Password", "a long password").press("Authorize");
    // The app takes the code it was shown and gets its token: it is an authorized app now.
    String code = browser.driver().findElement(By.id("code")).getAttribute("value");
    Reply token = home.postForm("/oauth/token", Map.of("grant_type", "authorization_code",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "code", code, "redirect_uri", "urn:ietf:wg:oauth:2.0:oob"));
    assertEquals(200, token.status(), token.body());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String resolve(TestInstance on, Member viewer, String handle) {
    Reply found = on.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
        + URLEncoder.encode("@" + handle, StandardCharsets.UTF_8), viewer.token());
    assertEquals(200, found.status(), found.body());
    return found.json().getJsonArray("accounts").getJsonObject(0).getString("id");
  }
}
