package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * The export page's downloads (attachments holding what the API's export holds) and the import
 * page (a CSV file of any of six kinds, merged or overwriting, and each import's progress).
 */
class ExportImportPagesTest {
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
  void theExportPageOffersEachFileAsADownload() throws Exception {
    Member gus = plutro.register("gus");
    Member hal = plutro.register("hal");
    plutro.postForm("/api/v1/accounts/" + hal.id() + "/follow", Map.of(), "Authorization", "Bearer " + gus.token());
    plutro.postJson("/api/v1/lists", new JsonObject().put("title", "Friends, old"),
        "Authorization", "Bearer " + gus.token());
    plutro.postForm("/api/v1/statuses", Map.of("status", "a post to take along"), "Authorization",
        "Bearer " + gus.token());
    Browser browser = WebSignIn.as(plutro, "gus");

    Document page = Jsoup.parse(browser.get("/settings/export").body());
    List<String> links = page.select("a[download]").eachAttr("href");
    assertEquals(List.of("/settings/export/archive.zip", "/settings/export/following.csv",
        "/settings/export/followers.csv", "/settings/export/lists.csv", "/settings/export/blocks.csv",
        "/settings/export/mutes.csv", "/settings/export/domain_blocks.csv",
        "/settings/export/bookmarks.csv"), links);

    for (String name : List.of("following.csv", "followers.csv", "lists.csv", "blocks.csv", "mutes.csv",
        "domain_blocks.csv", "bookmarks.csv")) {
      Reply file = browser.get("/settings/export/" + name);
      assertEquals(200, file.status(), name);
      assertEquals("attachment; filename=\"" + name + "\"", file.header("Content-Disposition"));
      assertTrue(file.header("Content-Type").startsWith("text/csv"), name);
      assertEquals(plutro.getWithToken("/api/v1/plutro/export/" + name, gus.token()).body(), file.body(),
          name + " is the API's file");
    }
    assertTrue(browser.get("/settings/export/following.csv").body().contains("hal@" + plutro.authority()));

    HttpResponse<byte[]> zip = browser.getBytes("/settings/export/archive.zip");
    assertEquals(200, zip.statusCode());
    assertEquals("attachment; filename=\"archive.zip\"", zip.headers().firstValue("Content-Disposition").orElse(null));
    assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(null));
    Map<String, String> files = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertEquals(gus.actorUri(), new JsonObject(files.get("actor.json")).getString("id"));
    assertEquals(1, new JsonObject(files.get("outbox.json")).getInteger("totalItems"));

    // Without a session: sign in first; with a token instead of a cookie: the same.
    assertEquals(303, plutro.get("/settings/export/following.csv", "Accept", Browser.ACCEPT).status());
    assertEquals(401, plutro.getWithToken("/settings/export/following.csv", gus.token()).status());
  }

  @Test
  void aCsvFileIsImportedAndItsProgressShown() {
    Member ida = plutro.register("ida");
    plutro.register("jon");
    Member kai = plutro.register("kai");
    String host = plutro.authority();
    Browser browser = WebSignIn.as(plutro, "ida");

    Document page = Jsoup.parse(browser.get("/settings/import").body());
    assertEquals(List.of("following", "blocks", "mutes", "domain_blocks", "bookmarks", "lists"),
        page.select("select[name=type] option").eachAttr("value"));
    assertTrue(page.text().contains("You have not imported anything yet."));

    Reply started = importFile(browser, "following", "merge",
        "Account address,Show boosts,Notify on new posts,Languages\njon@" + host + ",true,false,\n"
            + "nobody@" + host + ",true,false,\n");
    assertEquals(303, started.status(), started.body());
    assertEquals("/settings/import?done=started", started.header("Location"));
    Eventually.within10s("ida follows jon", () -> browser.get("/settings/export/following.csv").body()
        .contains("jon@" + host));
    Eventually.within10s("the import is finished", () -> browser.get("/settings/import").body()
        .contains("Finished: 1 imported, 1 skipped (not found)"));
    Document after = Jsoup.parse(browser.get("/settings/import?done=started").body());
    assertTrue(after.text().contains("The import has started."), after.text());
    assertTrue(after.text().contains("Accounts you follow (following.csv) · Merge"), after.text());
    assertEquals("2", after.selectFirst("ul.imports progress").attr("value"));

    // Server blocks, overwriting: what the file does not list is unblocked.
    assertEquals(200, plutro.postForm("/api/v1/domain_blocks", Map.of("domain", "old.example"),
        "Authorization", "Bearer " + ida.token()).status());
    assertEquals(303, importFile(browser, "domain_blocks", "overwrite", "new.example\nother.example\n").status());
    Eventually.within10s("the blocks are exactly the file's", () -> plutro.getWithToken(
        "/api/v1/domain_blocks", ida.token()).array().equals(new JsonArray().add("new.example").add("other.example"))
        || plutro.getWithToken("/api/v1/domain_blocks", ida.token()).array()
            .equals(new JsonArray().add("other.example").add("new.example")));

    // A list, made for the import, holding an account the import follows.
    assertEquals(303, importFile(browser, "lists", "merge", "\"Close, friends\",kai@" + host + "\n").status());
    Eventually.within10s("kai is on the new list", () -> browser.get("/settings/export/lists.csv").body()
        .equals("\"Close, friends\",kai@" + host + "\n"));

    // A post bookmarked by its address.
    String post = plutro.postForm("/api/v1/statuses", Map.of("status", "keep me"),
        "Authorization", "Bearer " + kai.token()).json().getString("uri");
    assertEquals(303, importFile(browser, "bookmarks", "merge", post + "\n").status());
    Eventually.within10s("the post is bookmarked", () -> browser.get("/settings/export/bookmarks.csv").body()
        .equals(post + "\n"));
  }

  @Test
  void aBadFileOrAFormWithoutItsTokenChangesNothing() {
    plutro.register("lea");
    Browser browser = WebSignIn.as(plutro, "lea");
    String imports = "SELECT count(*) FROM bulk_imports WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = 'lea')";

    Multipart noToken = new Multipart().field("type", "blocks").field("mode", "merge")
        .file("file", "blocks.csv", "text/csv", ("x@" + plutro.authority()).getBytes(StandardCharsets.UTF_8));
    assertEquals(403, browser.postMultipart("/settings/import", noToken).status());
    Multipart forged = new Multipart().field("authenticity_token", "forged").field("type", "blocks")
        .file("file", "blocks.csv", "text/csv", ("x@" + plutro.authority()).getBytes(StandardCharsets.UTF_8));
    assertEquals(403, browser.postMultipart("/settings/import", forged).status());

    Reply bad = importFile(browser, "following", "merge", "<script>alert(1)</script>\n");
    assertEquals(422, bad.status());
    assertFalse(bad.body().contains("<script>alert(1)"), "what the file says is escaped");
    Document page = Jsoup.parse(bad.body());
    assertEquals("The file has a line that is not an account address: <script>alert(1)</script>.",
        page.selectFirst("p.alert").text());
    assertEquals("following", page.selectFirst("select[name=type] option[selected]").attr("value"));

    Reply empty = importFile(browser, "mutes", "overwrite", "");
    assertEquals(422, empty.status());
    Document again = Jsoup.parse(empty.body());
    assertEquals("The file names nothing to import.", again.selectFirst("p.alert").text());
    assertEquals("mutes", again.selectFirst("select[name=type] option[selected]").attr("value"));
    assertEquals("overwrite", again.selectFirst("input[name=mode][checked]").attr("value"),
        "the choices are kept");
    assertEquals(0L, plutro.count(imports));
    assertEquals(0L, plutro.count("SELECT count(*) FROM jobs WHERE kind = 'import.row'"
        + " AND payload ->> 'acct' = 'x@" + plutro.authority() + "'"));
  }

  private static Reply importFile(Browser browser, String type, String mode, String csv) {
    return browser.postMultipart("/settings/import", new Multipart()
        .field("authenticity_token", browser.csrf("/settings/import")).field("type", type)
        .field("mode", mode).file("file", type + ".csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
  }
}
