package org.plutro.server.http.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.plutro.server.media.TestImages;
import org.plutro.server.media.TestWebm;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * WebM uploads through the Mastodon API: their metadata gone, their size, length and frame rate
 * in {@code meta}, a poster for VP8 only, and the stored file still playing in a real Chromium.
 */
class WebmUploadTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);
  static TestInstance plutro;
  static Member alice;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    alice = plutro.register("alice");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static Reply upload(Member member, String fileName, byte[] content) {
    return plutro.postMultipart("/api/v2/media", new Multipart().file("file", fileName,
        "video/webm", content), "Authorization", "Bearer " + member.token());
  }

  static String path(String url) {
    return url.substring(plutro.base().length());
  }

  @Test
  void aVp8VideoLosesItsMetadataGetsAPosterAndStillPlaysInABrowser() throws Exception {
    byte[] video = TestWebm.withMetadata(TestWebm.fixture("vp8.webm"));
    Reply uploaded = upload(alice, "holiday.webm", video);
    assertEquals(200, uploaded.status(), uploaded.body());
    JsonObject media = uploaded.json();
    assertEquals("video", media.getString("type"));
    JsonObject original = media.getJsonObject("meta").getJsonObject("original");
    assertEquals(64, original.getInteger("width"));
    assertEquals(48, original.getInteger("height"));
    assertEquals(1.0, original.getDouble("duration"), 0.2);
    assertEquals("10/1", original.getString("frame_rate"));
    assertEquals(36, media.getString("blurhash").length());

    HttpResponse<byte[]> poster = plutro.getBytes(path(media.getString("preview_url")));
    assertEquals("image/jpeg", poster.headers().firstValue("Content-Type").orElseThrow());
    java.awt.Color corner = new java.awt.Color(
        ImageIO.read(new ByteArrayInputStream(poster.body())).getRGB(4, 4));
    assertTrue(corner.getRed() > 180 && corner.getGreen() < 90, corner.toString());

    HttpResponse<byte[]> served = plutro.getBytes(path(media.getString("url")));
    assertEquals("video/webm", served.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(video.length, served.body().length);
    assertFalse(TestImages.contains(served.body(), TestWebm.MARKER));
    assertFalse(TestImages.contains(served.body(), "Chrome"));

    // Posted, the video plays to its end on the post's page in a real browser.
    String id = plutro.post(alice, "Our holiday", "media_ids[]", media.getString("id"));
    String page = plutro.get("/api/v1/statuses/" + id).json().getString("url");
    assertPlays(page, 64, 48);
  }

  @Test
  void vp9AndAv1VideosKeepTheirSizeAndLengthWithoutAPosterAndPlay() throws Exception {
    for (String codec : List.of("vp9", "av1")) {
      Reply uploaded = upload(alice, codec + ".webm", TestWebm.fixture(codec + ".webm"));
      assertEquals(200, uploaded.status(), uploaded.body());
      JsonObject media = uploaded.json();
      assertNull(media.getString("preview_url"), codec);
      assertNull(media.getString("blurhash"), codec);
      JsonObject original = media.getJsonObject("meta").getJsonObject("original");
      assertEquals(64, original.getInteger("width"), codec);
      assertEquals(1.0, original.getDouble("duration"), 0.2, codec);
      String id = plutro.post(alice, "In " + codec, "media_ids[]", media.getString("id"));
      assertPlays(plutro.get("/api/v1/statuses/" + id).json().getString("url"), 64, 48);
    }
  }

  @Test
  void aStreamedRecordingGetsItsLengthFromItsFrames() {
    Reply uploaded = upload(alice, "live.webm", TestWebm.fixture("vp8-live.webm"));
    assertEquals(200, uploaded.status(), uploaded.body());
    JsonObject original = uploaded.json().getJsonObject("meta").getJsonObject("original");
    assertEquals(1.0, original.getDouble("duration"), 0.2);
    assertNotNull(uploaded.json().getString("preview_url"));
  }

  @Test
  void aDamagedWebmIs422AndLeavesNothingBehind() throws IOException {
    Member carol = plutro.register("carol");
    long originals = files("original");
    long previews = files("small");
    byte[] webm = TestWebm.fixture("vp8.webm");
    for (byte[] bad : List.of(TestWebm.cutOff(webm, 180), TestWebm.cutOff(webm, 40))) {
      Reply refused = upload(carol, "broken.webm", bad);
      assertEquals(422, refused.status(), refused.body());
      assertNotNull(refused.json().getString("error"));
    }
    assertEquals(0L, plutro.count("SELECT count(*) FROM media_attachments WHERE account_id = $1",
        Long.parseLong(carol.id())));
    assertEquals(originals, files("original"));
    assertEquals(previews, files("small"));
  }

  /** The page's video plays to its end, at its size, without an error (muted: no sound card). */
  private static void assertPlays(String page, int width, int height) {
    browser.visit(page);
    assertNotNull(browser.driver().findElement(By.tagName("video")));
    Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const video = document.querySelector('video');
        const report = () => done({ended: video.ended, error: video.error && video.error.code,
            width: video.videoWidth, height: video.videoHeight, time: video.currentTime});
        video.addEventListener('ended', report);
        video.addEventListener('error', report);
        setTimeout(report, 8000);
        video.muted = true;
        video.play().catch(report);
        """);
    @SuppressWarnings("unchecked")
    Map<String, Object> played = (Map<String, Object>) result;
    assertNull(played.get("error"), played.toString());
    assertEquals(Boolean.TRUE, played.get("ended"), played.toString());
    assertEquals((long) width, ((Number) played.get("width")).longValue(), played.toString());
    assertEquals((long) height, ((Number) played.get("height")).longValue(), played.toString());
  }

  private static long files(String folder) throws IOException {
    try (Stream<Path> files = Files.list(plutro.settings().dataDir().resolve("media").resolve(folder))) {
      return files.count();
    }
  }
}
