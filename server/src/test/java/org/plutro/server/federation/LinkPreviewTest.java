package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * Link previews (Mastodon's preview cards), fetched from pages served on loopback in the test:
 * OpenGraph tags, an oEmbed player, and pages that make no card (not HTML, too big, too slow,
 * broken). Private and direct posts' links are never fetched; a post that reaches another
 * Plutro gets its card there too (that server fetches it itself), and an edit that changes the
 * link changes the card on both.
 */
class LinkPreviewTest {
  /** A's previews wait 2 s for a page, so that the slow page's test is short. */
  @RegisterExtension static final TwoInstances net =
      new TwoInstances(Map.of("PLUTRO_LINK_PREVIEWS_TIMEOUT_SECONDS", "2"), Map.of());
  static HttpServer site;
  /** Path to {content type, body}. */
  static final Map<String, String[]> pages = new ConcurrentHashMap<>();
  /** Path to a JPEG picture the site serves. */
  static final Map<String, byte[]> pictures = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  static final CountDownLatch finished = new CountDownLatch(1);

  @BeforeAll
  static void start() throws IOException {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    site.setExecutor(Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "test-site");
      thread.setDaemon(true);
      return thread;
    }));
    site.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      if (path.equals("/slow")) {
        try {
          finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String[] page = pictures.containsKey(path) ? new String[] {"image/jpeg", null} : pages.get(path);
      byte[] body = pictures.containsKey(path) ? pictures.get(path)
          : (page == null ? "not here" : page[1]).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", page == null ? "text/plain" : page[0]);
      exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    site.start();
  }

  @AfterAll
  static void stop() {
    finished.countDown();
    site.stop(0);
  }

  static String site(String path) {
    return "http://127.0.0.1:" + site.getAddress().getPort() + path;
  }

  static void page(String path, String html) {
    pages.put(path, new String[] {"text/html; charset=utf-8", html});
  }

  static int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  static JsonObject status(TestInstance on, String id, Member viewer) {
    return on.getWithToken("/api/v1/statuses/" + id, viewer.token()).json();
  }

  static JsonObject card(TestInstance on, String id, Member viewer) {
    return status(on, id, viewer).getJsonObject("card");
  }

  static boolean jobDone(TestInstance on, String id) {
    return on.count("SELECT count(*) FROM jobs WHERE kind = 'status.fetch_card'"
        + " AND payload ->> 'subject' = $1", id) == 0;
  }

  @Test
  void aPublicPostShowsTheCardOfItsFirstLinkSharedByUrl() {
    page("/article", "<html lang=\"en-GB\"><head><title>Fallback title</title>"
        + "<meta property=\"og:title\" content=\"Owls at night\">"
        + "<meta property=\"og:description\" content=\"Where they hunt &amp; why.\">"
        + "<meta property=\"og:image\" content=\"/owl.jpg\">"
        + "<meta property=\"og:image:width\" content=\"800\"><meta property=\"og:image:height\" content=\"600\">"
        + "<meta property=\"og:site_name\" content=\"Night Birds\">"
        + "<meta property=\"article:published_time\" content=\"2026-11-01T10:00:00Z\">"
        + "</head><body>Owls.</body></html>");
    pictures.put("/owl.jpg", org.plutro.server.media.TestImages.jpeg(80, 60));
    Member ann = net.a().register("ann");
    net.a().register("mo");
    // The mention and the hashtag come first; they are links but get no card.
    String id = net.a().post(ann, "@mo #owls read " + site("/article") + " and " + site("/other"));

    Eventually.within10s("the post gets its card", () -> card(net.a(), id, ann) != null);
    JsonObject card = card(net.a(), id, ann);
    assertEquals(site("/article"), card.getString("url"));
    assertEquals("link", card.getString("type"));
    assertEquals("Owls at night", card.getString("title"));
    assertEquals("Where they hunt & why.", card.getString("description"));
    // The picture comes from our own copy: readers never contact the linked site.
    assertTrue(card.getString("image").startsWith(net.a().base() + "/media/remote/card/"), card.encode());
    assertEquals(200, net.a().getBytes(URI.create(card.getString("image")).getPath()).statusCode());
    assertEquals(800, card.getInteger("width"));
    assertEquals(600, card.getInteger("height"));
    assertEquals("Night Birds", card.getString("provider_name"));
    assertEquals("en", card.getString("language"));
    assertEquals("", card.getString("html"));
    assertTrue(card.getString("published_at").startsWith("2026-11-01T10:00:00"), card.encode());
    assertEquals(0, hits("/other"), "only the first link is fetched");
    // The page gave no BlurHash: ours, from our copy of the picture, as attachments get one.
    Eventually.within10s("the card gets the picture's BlurHash", () -> card(net.a(), id, ann).getString("blurhash") != null);
    card = card(net.a(), id, ann);
    assertEquals(36, card.getString("blurhash").length(), card.encode());
    assertEquals(card, net.a().getWithToken("/api/v1/statuses/" + id + "/card", ann.token()).json());
    JsonObject home = net.a().getWithToken("/api/v1/timelines/home", ann.token()).array().getJsonObject(0);
    assertEquals(card, home.getJsonObject("card"), "timelines carry the card too");

    // The post's page shows it.
    String url = status(net.a(), id, ann).getString("url");
    String html = net.a().get(url, "Accept", "text/html").body();
    assertTrue(html.contains("class=\"link-card\""), html);
    assertTrue(html.contains("Owls at night") && html.contains("Where they hunt &amp; why.")
        && html.contains("Night Birds") && html.contains(card.getString("image")), html);

    // Another post linking there shares the card, without fetching the page again.
    String again = net.a().post(ann, "Again: " + site("/article"));
    Eventually.within10s("the second post shows the same card", () -> card(net.a(), again, ann) != null);
    assertEquals(card, card(net.a(), again, ann));
    assertEquals(1, hits("/article"));
    assertEquals(1L, net.a().count("SELECT count(*) FROM preview_cards WHERE url = $1", site("/article")));

    // A post without a link has none, and /card answers {} for it.
    String plain = net.a().post(ann, "No links here");
    assertEquals(new JsonObject(), net.a().getWithToken("/api/v1/statuses/" + plain + "/card", ann.token()).json());
    assertEquals(404, net.a().get("/api/v1/statuses/999999999/card").status());
  }

  @Test
  void aCardNoPostShowsIsDeletedWithItsPictureAfterItsGracePeriod() throws Exception {
    page("/gone", "<html><head><meta property=\"og:title\" content=\"Soon gone\">"
        + "<meta property=\"og:image\" content=\"/gone.jpg\"></head></html>");
    page("/kept", "<html><head><meta property=\"og:title\" content=\"Still linked\">"
        + "<meta property=\"og:image\" content=\"/kept.jpg\"></head></html>");
    pictures.put("/gone.jpg", org.plutro.server.media.TestImages.jpeg(64, 48));
    pictures.put("/kept.jpg", org.plutro.server.media.TestImages.jpeg(48, 64));
    Member gil = net.a().register("gil");
    String gone = net.a().post(gil, "Read " + site("/gone"));
    String kept = net.a().post(gil, "Read " + site("/kept"));
    Eventually.within10s("both pictures are copied", () -> net.a().count("SELECT count(*) FROM remote_media"
        + " WHERE url IN ($1, $2) AND file_name IS NOT NULL", site("/gone.jpg"), site("/kept.jpg")) == 2);
    String file = net.a().sql("SELECT file_name FROM remote_media WHERE url = $1", site("/gone.jpg")).iterator().next()
        .getString(0);
    assertEquals(200, net.a().send(java.net.http.HttpRequest.newBuilder(URI.create(net.a().base() + "/api/v1/statuses/" + gone))
        .DELETE(), "Authorization", "Bearer " + gil.token()).status());

    // Within the grace period nothing goes; after it, only the card no post shows.
    org.plutro.server.ServerInternals.runHousekeeping(net.a().server()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertEquals(1L, net.a().count("SELECT count(*) FROM preview_cards WHERE url = $1", site("/gone")));
    net.a().sql("UPDATE preview_cards SET fetched_at = now() - interval '8 days' WHERE url IN ($1, $2)",
        site("/gone"), site("/kept"));
    org.plutro.server.ServerInternals.runHousekeeping(net.a().server()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertEquals(0L, net.a().count("SELECT count(*) FROM preview_cards WHERE url = $1", site("/gone")));
    assertEquals(0L, net.a().count("SELECT count(*) FROM remote_media WHERE url = $1", site("/gone.jpg")));
    assertFalse(java.nio.file.Files.exists(net.a().server().settings().mediaCacheDir()
        .resolve(org.plutro.server.media.MediaFiles.ORIGINAL).resolve(file)) , "the picture's copy is deleted");
    assertEquals(1L, net.a().count("SELECT count(*) FROM preview_cards WHERE url = $1", site("/kept")));
    assertEquals(1L, net.a().count("SELECT count(*) FROM remote_media WHERE url = $1", site("/kept.jpg")));
    assertEquals("Still linked", card(net.a(), kept, gil).getString("title"));
  }

  @Test
  void anOEmbedPlayerBecomesAnIframeWeWriteOurselves() {
    page("/video", "<html><head><title>Page title</title>"
        + "<meta property=\"og:description\" content=\"A film about owls.\">"
        + "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"/oembed.json?u=video\">"
        + "</head><body></body></html>");
    pages.put("/oembed.json", new String[] {"application/json", new JsonObject()
        .put("version", "1.0").put("type", "video").put("title", "Owl film")
        .put("author_name", "Olga").put("author_url", "/olga")
        .put("provider_name", "OwlTube").put("provider_url", site("/"))
        .put("width", 640).put("height", 360).put("thumbnail_url", "/thumb.jpg")
        .put("html", "<iframe src=\"https://player.example/embed/1\" width=\"640\" height=\"360\""
            + " onload=\"alert(1)\"></iframe><script>alert(2)</script>").encode()});
    Member vic = net.a().register("vic");
    String id = net.a().post(vic, "Watch " + site("/video"), "visibility", "unlisted");

    Eventually.within10s("the post gets its card", () -> card(net.a(), id, vic) != null);
    JsonObject card = card(net.a(), id, vic);
    assertEquals("video", card.getString("type"));
    assertEquals("Owl film", card.getString("title"));
    assertEquals("A film about owls.", card.getString("description"));
    assertEquals("Olga", card.getString("author_name"));
    assertEquals(site("/olga"), card.getString("author_url"));
    assertEquals("OwlTube", card.getString("provider_name"));
    assertTrue(card.getString("image").startsWith(net.a().base() + "/media/remote/card/"), card.encode());
    assertEquals(640, card.getInteger("width"));
    String html = card.getString("html");
    assertTrue(html.startsWith("<iframe src=\"https://player.example/embed/1\""), html);
    assertFalse(html.contains("onload") || html.contains("script"), html);
    assertEquals(1, card.getJsonArray("authors").size());
  }

  @Test
  void pagesThatMakeNoCardLeaveThePostAlone() {
    pages.put("/report.pdf", new String[] {"application/pdf", "%PDF-1.4 <meta property=\"og:title\" content=\"PDF\">"});
    page("/huge", "<html><head><meta property=\"og:title\" content=\"Huge\"></head><body>"
        + "x".repeat(2 * 1024 * 1024) + "</body></html>");
    page("/slow", "<html><head><meta property=\"og:title\" content=\"Slow\"></head></html>");
    page("/broken", "<html><head><meta property=\"og:title\" content=\"Broken <b>page\"><title>"
        + "</head><body><div><<<>>><meta property=og:image content=\"javascript:alert(1)\"><p></td></html");
    page("/untitled", "<html><head></head><body>Nothing to say.</body></html>");
    Member pat = net.a().register("pat");
    String pdf = net.a().post(pat, "Read " + site("/report.pdf"));
    String huge = net.a().post(pat, "Read " + site("/huge"));
    String slow = net.a().post(pat, "Read " + site("/slow"));
    String broken = net.a().post(pat, "Read " + site("/broken"));
    String untitled = net.a().post(pat, "Read " + site("/untitled"));

    Eventually.within(Duration.ofSeconds(20), "every look at the links has ended",
        () -> jobDone(net.a(), pdf) && jobDone(net.a(), huge) && jobDone(net.a(), slow) && jobDone(net.a(), broken)
            && jobDone(net.a(), untitled));
    assertTrue(hits("/slow") == 1 && hits("/huge") == 1 && hits("/report.pdf") == 1);
    for (String id : new String[] {pdf, huge, slow, untitled}) {
      JsonObject post = status(net.a(), id, pat);
      assertNull(post.getValue("card"), post.encode());
    }
    // Broken HTML is read as well as it can be; the picture that is no web address is dropped.
    JsonObject card = card(net.a(), broken, pat);
    assertEquals("Broken <b>page", card.getString("title"));
    assertNull(card.getValue("image"));
    String page = net.a().get(status(net.a(), broken, pat).getString("url"), "Accept", "text/html").body();
    assertTrue(page.contains("Broken &lt;b&gt;page"), page);
    assertEquals(0L, net.a().count("SELECT count(*) FROM preview_cards WHERE url = ANY($1)",
        (Object) new String[] {site("/report.pdf"), site("/huge"), site("/slow"), site("/untitled")}));
  }

  @Test
  void privateAndDirectPostsLinksAreNeverFetched() {
    page("/secret", "<html><head><meta property=\"og:title\" content=\"Secret\"></head></html>");
    page("/after", "<html><head><meta property=\"og:title\" content=\"After\"></head></html>");
    Member sam = net.a().register("sam");
    String privatePost = net.a().post(sam, "Only followers: " + site("/secret"), "visibility", "private");
    net.a().register("ria");
    String direct = net.a().post(sam, "@ria just us: " + site("/secret?direct"), "visibility", "direct");
    assertTrue(jobDone(net.a(), privatePost) && jobDone(net.a(), direct), "no job is even queued");

    String publicPost = net.a().post(sam, "Everyone: " + site("/after"));
    Eventually.within10s("the public post gets its card", () -> card(net.a(), publicPost, sam) != null);
    assertEquals(0, hits("/secret"), "the private posts' link was never asked for");
    assertNull(status(net.a(), privatePost, sam).getValue("card"));
    assertNull(status(net.a(), direct, sam).getValue("card"));
  }

  @Test
  void linksToSuspendedDomainsAreNotFetched() throws IOException {
    HttpServer blocked = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger asked = new AtomicInteger();
    blocked.createContext("/", exchange -> {
      asked.incrementAndGet();
      byte[] body = "<meta property=\"og:title\" content=\"Blocked\">".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    blocked.start();
    try {
      String authority = "127.0.0.1:" + blocked.getAddress().getPort();
      String admin = ReportsTest.adminToken(net.a(), "cardmod");
      Reply block = net.a().postForm("/api/v1/admin/domain_blocks", Map.of("domain", authority,
          "severity", "suspend"), "Authorization", "Bearer " + admin);
      assertEquals(200, block.status(), block.body());
      Member dot = net.a().register("dot");
      String id = net.a().post(dot, "See http://" + authority + "/page");
      Eventually.within10s("the look at the link has ended", () -> jobDone(net.a(), id));
      assertEquals(0, asked.get());
      assertNull(status(net.a(), id, dot).getValue("card"));
    } finally {
      blocked.stop(0);
    }
  }

  @Test
  void aRemotePostGetsItsCardAndAnEditThatChangesTheLinkChangesIt() {
    page("/news", "<html><head><meta property=\"og:title\" content=\"First news\"></head></html>");
    page("/later", "<html><head><meta name=\"twitter:title\" content=\"Later news\">"
        + "<meta name=\"description\" content=\"Plain description\"></head></html>");
    Member alma = net.a().register("alma");
    Member bea = net.b().register("bea");
    String beaOnA = TwoInstancesTest.resolve(net.a(), alma, net.b(), "bea");
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + beaOnA + "/follow", Map.of(),
        "Authorization", "Bearer " + alma.token()).status());
    Eventually.within10s("alma follows bea",
        () -> TwoInstancesTest.relationship(net.a(), alma, beaOnA).getBoolean("following"));

    String onB = net.b().post(bea, "News: " + site("/news"));
    Eventually.within10s("bea's own server shows the card", () -> card(net.b(), onB, bea) != null);
    Eventually.within10s("the copy on alma's server gets its card, fetched there",
        () -> copy(alma, beaOnA) != null && copy(alma, beaOnA).getJsonObject("card") != null);
    assertEquals("First news", copy(alma, beaOnA).getJsonObject("card").getString("title"));
    assertEquals(2, hits("/news"), "each server fetched the page for itself");

    Reply edited = net.b().send(HttpRequest.newBuilder(URI.create(net.b().base() + "/api/v1/statuses/" + onB))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("status="
            + URLEncoder.encode("Update: " + site("/later"), StandardCharsets.UTF_8))),
        "Authorization", "Bearer " + bea.token());
    assertEquals(200, edited.status(), edited.body());
    Eventually.within10s("the edit changes the card here", () -> "Later news".equals(
        card(net.b(), onB, bea).getString("title")));
    Eventually.within10s("and on alma's server", () -> "Later news".equals(
        copy(alma, beaOnA).getJsonObject("card").getString("title")));
    assertEquals("Plain description", copy(alma, beaOnA).getJsonObject("card").getString("description"));
  }

  @Test
  void aBatchOfNewPostsFetchesEachLinkOnceAndLeavesPostsDeletedOrEditedSinceAlone() {
    page("/shared", "<html><head><meta property=\"og:title\" content=\"Shared by two\"></head></html>");
    page("/single", "<html><head><meta property=\"og:title\" content=\"Linked once\"></head></html>");
    page("/late", "<html><head><meta property=\"og:title\" content=\"Too late\"></head></html>");
    Member kim = net.a().register("kim");
    // Posts without links of their own get no job of their own: the batch's job is the only one.
    String first = net.a().post(kim, "First");
    String second = net.a().post(kim, "Second");
    String third = net.a().post(kim, "Third");
    String deleted = net.a().post(kim, "Deleted before the job");
    String edited = net.a().post(kim, "Edited before the job");
    assertEquals(200, net.a().send(HttpRequest.newBuilder(URI.create(net.a().base() + "/api/v1/statuses/" + deleted))
        .DELETE(), "Authorization", "Bearer " + kim.token()).status());
    Reply edit = net.a().send(HttpRequest.newBuilder(URI.create(net.a().base() + "/api/v1/statuses/" + edited))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("status=Edited")), "Authorization", "Bearer " + kim.token());
    assertEquals(200, edit.status(), edit.body());
    Eventually.within10s("the edit's own look has ended", () -> jobDone(net.a(), edited));

    net.a().sql("INSERT INTO jobs (kind, payload) VALUES ('status.fetch_cards', $1::text::jsonb)",
        new JsonObject().put("statuses", new io.vertx.core.json.JsonArray().add(Long.parseLong(first))
                .add(Long.parseLong(second)).add(Long.parseLong(third)).add(Long.parseLong(deleted))
                .add(Long.parseLong(edited)))
            .put("links", new io.vertx.core.json.JsonArray().add(site("/shared")).add(site("/shared"))
                .add(site("/single")).add(site("/late")).add(site("/late"))).encode());
    Eventually.within10s("the batch's job has ended", () -> net.a().count(
        "SELECT count(*) FROM jobs WHERE kind = 'status.fetch_cards'") == 0);
    assertEquals("Shared by two", card(net.a(), first, kim).getString("title"));
    assertEquals("Shared by two", card(net.a(), second, kim).getString("title"));
    assertEquals("Linked once", card(net.a(), third, kim).getString("title"));
    assertEquals(1, hits("/shared"), "a link several posts share is fetched once");
    assertNull(status(net.a(), edited, kim).getValue("card"), "an edited post is its edit's to look at");
    assertEquals(0L, net.a().count("SELECT count(*) FROM status_cards WHERE status_id = $1",
        Long.parseLong(deleted)), "a deleted post gets no card");
  }

  /** bea's latest post as alma's server holds it. */
  private static JsonObject copy(Member viewer, String accountId) {
    var posts = net.a().getWithToken("/api/v1/accounts/" + accountId + "/statuses", viewer.token()).array();
    return posts.isEmpty() ? null : posts.getJsonObject(0);
  }
}
