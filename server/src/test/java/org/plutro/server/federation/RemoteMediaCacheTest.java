package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.ServerInternals;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.uri.RemoteMediaUrls;

/**
 * Remote avatars, headers and attachments are copied to Plutro and shown at Plutro's addresses
 * only, so that a reader's browser or app never contacts the remote server (issue 18).
 */
class RemoteMediaCacheTest {
  private static final int MAX_BYTES = 200_000;
  static TestInstance plutro;
  static FakeRemote remote;
  static Member alice;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start(Map.of("PLUTRO_MEDIA_CACHE_MAX_MB", "1",
        "PLUTRO_MEDIA_MAX_IMAGE_BYTES", Integer.toString(MAX_BYTES),
        "PLUTRO_MEDIA_MAX_VIDEO_BYTES", Integer.toString(MAX_BYTES)));
    remote = new FakeRemote();
    alice = plutro.register("alice");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  @Test
  void avatarsHeadersAndAttachmentsAreServedFromPlutroOnly() throws Exception {
    FakeRemote.Actor painter = withPictures("painter");
    String attachment = remote.base() + "/files/painting.jpg";
    remote.serveFile("/files/painting.jpg", "image/jpeg", TestImages.jpeg(800, 600));
    JsonObject own = ownPost("A canvas");
    String replyUri = reply(painter, own.getString("uri"), "/notes/1", new JsonArray().add(image(attachment)));

    Eventually.within10s("the avatar, header and attachment are copied", () -> plutro.count(
        "SELECT count(*) FROM remote_media WHERE file_name IS NOT NULL AND url LIKE $1",
        remote.base() + "/files/painter-%") == 2 && cached(attachment)
        && plutro.count("SELECT count(*) FROM media_attachments WHERE remote_url = $1"
            + " AND width = 800 AND blurhash IS NOT NULL", attachment) == 1);

    // The API: every picture at our address, the origin only as remote_url.
    JsonObject status = plutro.getWithToken("/api/v1/statuses/" + statusId(replyUri), alice.token()).json();
    JsonObject account = status.getJsonObject("account");
    for (String field : new String[] {"avatar", "avatar_static", "header", "header_static"}) {
      assertTrue(account.getString(field).startsWith(plutro.base() + "/media/remote/"), field + ": " + account);
    }
    JsonObject media = status.getJsonArray("media_attachments").getJsonObject(0);
    assertTrue(media.getString("url").startsWith(plutro.base() + "/media/remote/attachment/"), media.encode());
    assertTrue(media.getString("preview_url").startsWith(plutro.base() + "/media/remote/attachment/"));
    assertEquals(attachment, media.getString("remote_url"));
    // The origin sent no size nor BlurHash: ours, measured from the copy.
    assertEquals(800, media.getJsonObject("meta").getJsonObject("original").getInteger("width"));
    assertEquals(600, media.getJsonObject("meta").getJsonObject("original").getInteger("height"));
    assertEquals(36, media.getString("blurhash").length());

    // The files: served by Plutro, typed by their bytes, re-encoded and sized as ours are.
    HttpResponse<byte[]> avatar = fetch(account.getString("avatar"));
    assertEquals(200, avatar.statusCode());
    assertEquals("image/png", avatar.headers().firstValue("Content-Type").orElse(null));
    assertEquals("nosniff", avatar.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertTrue(avatar.headers().firstValue("Content-Security-Policy").orElse("").contains("sandbox"));
    assertTrue(avatar.headers().firstValue("Cache-Control").orElse("").contains("max-age=31536000"));
    BufferedImage square = ImageIO.read(new ByteArrayInputStream(avatar.body()));
    assertEquals(400, square.getWidth(), "cropped to the avatar's box, as a member's own");
    assertEquals(400, square.getHeight());
    HttpResponse<byte[]> picture = fetch(media.getString("url"));
    assertEquals(200, picture.statusCode());
    assertEquals("image/jpeg", picture.headers().firstValue("Content-Type").orElse(null));
    HttpResponse<byte[]> preview = fetch(media.getString("preview_url"));
    assertEquals(200, preview.statusCode());
    assertTrue(preview.body().length < picture.body().length, "the preview is the small copy");
    assertEquals(1, remote.fetches("/files/painting.jpg"), "fetched once, by the job; readers are served the copy");

    // The pages: the thread under alice's post shows the reply's pictures at our addresses only,
    // and the page's policy would not let a browser load anything from elsewhere.
    Reply page = plutro.get(path(own.getString("url")), "Accept", "text/html");
    assertEquals(200, page.status());
    assertTrue(page.header("Content-Security-Policy").contains("img-src 'self' data: blob:;"),
        page.header("Content-Security-Policy"));
    Document html = Jsoup.parse(page.body(), plutro.base());
    assertTrue(html.select("img").size() >= 3, "alice's and the painter's avatars, the painting");
    for (Element element : html.select("[src]")) {
      assertTrue(element.absUrl("src").startsWith(plutro.base() + "/"), element.outerHtml());
    }
    assertFalse(page.body().contains(remote.base() + "/files/"), "no origin of a picture in the page");
    assertTrue(html.select("img").stream().anyMatch(img -> img.attr("src").contains("/media/remote/attachment/")));
  }

  @Test
  void aFileNotCopiedYetIsFetchedWhenFirstAskedForAndOnlyAtAddressesWeMade() throws Exception {
    remote.serveFile("/files/lazy.png", "image/png", TestImages.encode(TestImages.picture(300, 200, false), "png"));
    RemoteMediaUrls urls = ServerInternals.uris(plutro.server()).remoteMedia();
    String ours = urls.proxied(remote.base() + "/files/lazy.png", RemoteMediaUrls.Kind.ATTACHMENT);

    String forged = ours.substring(0, ours.lastIndexOf('/')).replaceAll("/[A-Za-z0-9_-]{22}$", "/AAAAAAAAAAAAAAAAAAAAAA")
        + ours.substring(ours.lastIndexOf('/'));
    assertEquals(404, fetch(forged).statusCode(), "not an address we made: no open proxy");
    assertEquals(0, remote.fetches("/files/lazy.png"));

    HttpResponse<byte[]> served = fetch(ours);
    assertEquals(200, served.statusCode());
    assertEquals("image/png", served.headers().firstValue("Content-Type").orElse(null));
    assertEquals(300, ImageIO.read(new ByteArrayInputStream(served.body())).getWidth());
    assertEquals(200, fetch(urls.preview(remote.base() + "/files/lazy.png", RemoteMediaUrls.Kind.ATTACHMENT)).statusCode());
    assertEquals(1, remote.fetches("/files/lazy.png"));
    assertTrue(cached(remote.base() + "/files/lazy.png"));
  }

  @Test
  void aTooLargeOrNonImageFileIsRefusedAndThePostKept() throws Exception {
    FakeRemote.Actor sender = remote.actor("sender");
    remote.serveFile("/files/huge.png", "image/png", new byte[MAX_BYTES + 1]);
    remote.serveFile("/files/page.png", "image/png", "<html><script>alert(1)</script></html>"
        .getBytes(StandardCharsets.UTF_8));
    JsonObject own = ownPost("Send me pictures");
    String replyUri = reply(sender, own.getString("uri"), "/notes/2", new JsonArray()
        .add(image(remote.base() + "/files/huge.png")).add(image(remote.base() + "/files/page.png")));

    Eventually.within10s("both are refused", () -> plutro.count("SELECT count(*) FROM remote_media"
        + " WHERE url IN ($1, $2) AND failure IS NOT NULL AND file_name IS NULL",
        remote.base() + "/files/huge.png", remote.base() + "/files/page.png") == 2);
    JsonObject status = plutro.getWithToken("/api/v1/statuses/" + statusId(replyUri), alice.token()).json();
    assertEquals("<p>Look</p>", status.getString("content"), "the post is kept");
    JsonArray media = status.getJsonArray("media_attachments");
    assertEquals(2, media.size());
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> refused = fetch(media.getJsonObject(i).getString("url"));
      assertEquals(404, refused.statusCode());
      assertEquals("no-store", refused.headers().firstValue("Cache-Control").orElse(null));
    }
    assertEquals(0L, plutro.count("SELECT count(*) FROM remote_media WHERE url = $1 AND failure NOT LIKE"
        + " '%larger than%'", remote.base() + "/files/huge.png"), "refused for its size");
  }

  @Test
  void nothingIsFetchedFromADomainWhoseMediaAreRejected() throws Exception {
    try (FakeRemote rejected = new FakeRemote()) {
      String admin = ReportsTest.adminToken(plutro, "mediamod");
      Reply blocked = plutro.postForm("/api/v1/admin/domain_blocks", Map.of("domain", rejected.authority(),
          "severity", "noop", "reject_media", "true"), "Authorization", "Bearer " + admin);
      assertEquals(200, blocked.status(), blocked.body());
      rejected.serveFile("/files/a.png", "image/png", TestImages.encode(TestImages.picture(50, 50, false), "png"));
      String ours = ServerInternals.uris(plutro.server()).remoteMedia()
          .proxied(rejected.base() + "/files/a.png", RemoteMediaUrls.Kind.AVATAR);

      HttpResponse<byte[]> answer = fetch(ours);
      assertEquals(302, answer.statusCode(), "the default picture instead");
      assertTrue(answer.headers().firstValue("Location").orElse("").endsWith("/avatars/original/missing.png"));
      assertEquals(0, rejected.fetches("/files/a.png"));
      assertFalse(cached(rejected.base() + "/files/a.png"));
    }
  }

  @Test
  void anAccountsFilesGoWithItAndTheOldestGoWhenTheCacheIsFull() throws Exception {
    FakeRemote.Actor leaver = withPictures("leaver");
    reply(leaver, ownPost("Say something").getString("uri"), "/notes/3", new JsonArray());
    Eventually.within10s("the leaver's pictures are copied", () -> plutro.count(
        "SELECT count(*) FROM remote_media WHERE file_name IS NOT NULL AND url LIKE $1",
        remote.base() + "/files/leaver-%") == 2);
    String avatarFile = plutro.sql("SELECT file_name FROM remote_media WHERE url = $1",
        remote.base() + "/files/leaver-avatar.png").iterator().next().getString("file_name");
    Path cache = plutro.settings().dataDir().resolve("media-cache");
    assertTrue(Files.exists(cache.resolve("original").resolve(avatarFile)));

    JsonObject delete = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", leaver.uri() + "#delete").put("type", "Delete").put("actor", leaver.uri())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public")).put("object", leaver.uri());
    assertEquals(202, SignedPost.post(plutro, "/inbox", leaver.signer(), RequestSigner.Style.CAVAGE,
        delete.encode(), Map.of()).status());
    Eventually.within10s("the leaver's copies are purged", () -> plutro.count(
        "SELECT count(*) FROM remote_media WHERE url LIKE $1", remote.base() + "/files/leaver-%") == 0);
    // The files go once the rows are gone (after the commit), so this is a second wait.
    Eventually.within10s("its file is deleted", () -> !Files.exists(cache.resolve("original").resolve(avatarFile)));

    // Eviction: the cache holds 1 MiB; an old copy of 2 MB goes, a recent small one stays.
    String old = "0123456789abcdef0123456789abcdef.png";
    String recent = "fedcba9876543210fedcba9876543210.png";
    Files.write(cache.resolve("original").resolve(old), new byte[16]);
    Files.write(cache.resolve("original").resolve(recent), new byte[16]);
    plutro.sql("INSERT INTO remote_media (url, kind, file_name, file_size, fetched_at) VALUES"
        + " ('https://old.example/a.png', 'attachment', $1, 2000000, now() - interval '30 days'),"
        + " ('https://new.example/b.png', 'attachment', $2, 1000, now())", old, recent);
    ServerInternals.remoteMedia(plutro.server()).evict().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertFalse(Files.exists(cache.resolve("original").resolve(old)), "the oldest copy is evicted");
    assertEquals(0L, plutro.count("SELECT count(*) FROM remote_media WHERE url = 'https://old.example/a.png'"));
    assertTrue(Files.exists(cache.resolve("original").resolve(recent)), "a recent one is kept");
    assertEquals(1L, plutro.count("SELECT count(*) FROM remote_media WHERE url = 'https://new.example/b.png'"));
  }

  /** An actor of the fake remote whose avatar and header are pictures it serves. */
  private static FakeRemote.Actor withPictures(String name) {
    FakeRemote.Actor actor = remote.actor(name);
    remote.serveFile("/files/" + name + "-avatar.png", "image/png",
        TestImages.encode(TestImages.picture(600, 600, false), "png"));
    remote.serveFile("/files/" + name + "-header.png", "image/png",
        TestImages.encode(TestImages.picture(1600, 600, false), "png"));
    remote.serve("/users/" + name, remote.document(actor)
        .put("icon", new JsonObject().put("type", "Image").put("mediaType", "image/png")
            .put("url", remote.base() + "/files/" + name + "-avatar.png"))
        .put("image", new JsonObject().put("type", "Image").put("mediaType", "image/png")
            .put("url", remote.base() + "/files/" + name + "-header.png")));
    return actor;
  }

  private static JsonObject ownPost(String text) {
    String id = plutro.post(alice, text);
    return plutro.getWithToken("/api/v1/statuses/" + id, alice.token()).json();
  }

  /** A public reply by {@code actor} to {@code inReplyTo}, delivered; answers its id. */
  private static String reply(FakeRemote.Actor actor, String inReplyTo, String path, JsonArray attachments) {
    String id = actor.uri() + path;
    JsonObject note = new JsonObject().put("id", id).put("type", "Note")
        .put("attributedTo", actor.uri()).put("content", "<p>Look</p>").put("inReplyTo", inReplyTo)
        .put("published", "2026-01-01T00:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("attachment", attachments);
    JsonObject create = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", id + "/activity").put("type", "Create").put("actor", actor.uri())
        .put("to", note.getValue("to")).put("object", note);
    assertEquals(202, SignedPost.post(plutro, "/inbox", actor.signer(), RequestSigner.Style.CAVAGE,
        create.encode(), Map.of()).status());
    Eventually.within10s("the reply is stored", () -> plutro.count("SELECT count(*) FROM statuses WHERE uri = $1", id) == 1);
    return id;
  }

  private static JsonObject image(String url) {
    return new JsonObject().put("type", "Document").put("mediaType", "image/jpeg").put("url", url);
  }

  private static String statusId(String uri) {
    return Long.toString(plutro.sql("SELECT id FROM statuses WHERE uri = $1", uri).iterator().next().getLong("id"));
  }

  private static boolean cached(String url) {
    return plutro.count("SELECT count(*) FROM remote_media WHERE url = $1 AND file_name IS NOT NULL", url) == 1;
  }

  private static HttpResponse<byte[]> fetch(String url) {
    assertNotNull(url);
    assertTrue(url.startsWith(plutro.base()), url);
    return plutro.getBytes(path(url));
  }

  private static String path(String url) {
    return url.startsWith(plutro.base()) ? url.substring(plutro.base().length()) : url;
  }
}
