package org.plutro.server.http.media;

import org.plutro.server.store.MediaStore;
import org.plutro.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.media.TestImages;
import org.plutro.server.service.MediaService;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Uploading, describing, attaching, deleting and serving media through the Mastodon API, and
 * everything bad input gets: 422, and not a row or a file left behind.
 */
class MediaApiTest {
  static final long MAX_IMAGE = 600_000;
  static final long MAX_VIDEO = 900_000;
  static TestInstance plutro;
  static Member alice;
  static Member bob;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start(Map.of(
        "PLUTRO_MEDIA_MAX_IMAGE_BYTES", Long.toString(MAX_IMAGE),
        "PLUTRO_MEDIA_MAX_VIDEO_BYTES", Long.toString(MAX_VIDEO)));
    alice = plutro.register("alice");
    bob = plutro.register("bob");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static Reply upload(String path, Member member, Multipart form) {
    return plutro.postMultipart(path, form, "Authorization", "Bearer " + member.token());
  }

  static Reply upload(Member member, String fileName, String type, byte[] content) {
    return upload("/api/v2/media", member, new Multipart().file("file", fileName, type, content));
  }

  static Path mediaDir() {
    return plutro.settings().dataDir().resolve("media");
  }

  static long filesUnder(String folder) {
    try (Stream<Path> files = Files.list(mediaDir().resolve(folder))) {
      return files.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String path(String url) {
    return url.substring(plutro.base().length());
  }

  static BufferedImage image(byte[] bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void aPhotoWithGpsIsStrippedPreviewedDescribedAndServed() throws IOException {
    byte[] photo = TestImages.jpegWithExif(1200, 800, 1);
    // The upload really carries EXIF with a GPS block.
    assertTrue(TestImages.jpegSegments(photo).contains(0xe1));
    assertTrue(TestImages.contains(photo, TestImages.GPS_MARKER));

    Reply uploaded = upload("/api/v2/media", alice, new Multipart()
        .field("description", "A white <circle> on stripes")
        .field("focus", "-0.5,0.25")
        .file("file", "holiday.jpg", "image/jpeg", photo));
    assertEquals(200, uploaded.status(), uploaded.body());
    JsonObject media = uploaded.json();
    assertTrue(media.getValue("id") instanceof String);
    assertEquals("image", media.getString("type"));
    assertEquals("A white <circle> on stripes", media.getString("description"));
    assertNull(media.getString("remote_url"));
    JsonObject meta = media.getJsonObject("meta");
    assertEquals(new JsonObject().put("width", 1200).put("height", 800).put("size", "1200x800")
        .put("aspect", 1.5), meta.getJsonObject("original"));
    assertEquals(640, meta.getJsonObject("small").getInteger("width"));
    assertEquals(427, meta.getJsonObject("small").getInteger("height"));
    assertEquals(new JsonObject().put("x", -0.5).put("y", 0.25), meta.getJsonObject("focus"));
    String blurhash = media.getString("blurhash");
    assertEquals(36, blurhash.length(), blurhash);
    assertTrue(blurhash.startsWith("U"), blurhash);

    // The owner reads it back while it is unattached.
    Reply shown = plutro.getWithToken("/api/v1/media/" + media.getString("id"), alice.token());
    assertEquals(200, shown.status(), shown.body());
    assertEquals(media, shown.json());

    // The served original: a JPEG, same picture, no EXIF (no APP1 segment), no GPS bytes.
    String url = media.getString("url");
    assertTrue(url.startsWith(plutro.base() + "/media/original/"), url);
    assertTrue(url.matches(".*/[0-9a-f]{32}\\.jpg"), url);
    HttpResponse<byte[]> served = plutro.getBytes(path(url));
    assertEquals(200, served.statusCode());
    assertEquals("image/jpeg", served.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("public, max-age=31536000, immutable",
        served.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElseThrow());
    byte[] bytes = served.body();
    assertFalse(TestImages.jpegSegments(bytes).contains(0xe1), "APP1 (EXIF) was served");
    assertFalse(TestImages.contains(bytes, "Exif"));
    assertFalse(TestImages.contains(bytes, TestImages.GPS_MARKER));
    BufferedImage original = image(bytes);
    assertEquals(1200, original.getWidth());
    assertEquals(800, original.getHeight());

    HttpResponse<byte[]> preview = plutro.getBytes(path(media.getString("preview_url")));
    assertEquals(200, preview.statusCode());
    assertEquals("image/jpeg", preview.headers().firstValue("Content-Type").orElseThrow());
    BufferedImage small = image(preview.body());
    assertEquals(640, small.getWidth());
    assertEquals(427, small.getHeight());
    assertFalse(TestImages.contains(preview.body(), TestImages.GPS_MARKER));
  }

  @Test
  void anUprightPhotoStaysUprightAfterItsExifIsDropped() throws IOException {
    // Orientation 6: the camera stored it sideways; the viewer turns it 90° clockwise.
    Reply uploaded = upload(alice, "portrait.jpg", "image/jpeg",
        TestImages.jpegWithExif(300, 100, 6));
    assertEquals(200, uploaded.status(), uploaded.body());
    JsonObject original = uploaded.json().getJsonObject("meta").getJsonObject("original");
    assertEquals(100, original.getInteger("width"));
    assertEquals(300, original.getInteger("height"));
    BufferedImage served = image(plutro.getBytes(path(uploaded.json().getString("url"))).body());
    assertEquals(100, served.getWidth());
    assertEquals(300, served.getHeight());
    // The stored left edge (blue) is now the top, the right edge (red) the bottom.
    java.awt.Color top = new java.awt.Color(served.getRGB(10, 5));
    java.awt.Color bottom = new java.awt.Color(served.getRGB(10, 295));
    assertTrue(top.getBlue() > 200 && top.getRed() < 60, top.toString());
    assertTrue(bottom.getRed() > 200 && bottom.getBlue() < 60, bottom.toString());
  }

  @Test
  void pngGifWebpAndVideoAreRecognisedByTheirBytes() throws IOException {
    // A PNG sent under a misleading name and type is still a PNG.
    Reply png = upload(alice, "notes.txt", "text/plain",
        TestImages.encode(TestImages.picture(50, 40, true), "png"));
    assertEquals(200, png.status(), png.body());
    assertEquals("image", png.json().getString("type"));
    assertTrue(png.json().getString("url").endsWith(".png"));
    HttpResponse<byte[]> servedPng = plutro.getBytes(path(png.json().getString("url")));
    assertEquals("image/png", servedPng.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(image(servedPng.body()).getColorModel().hasAlpha());

    // A still GIF is stored as PNG, as Mastodon does.
    Reply gif = upload(alice, "still.gif", "image/gif",
        TestImages.encode(TestImages.picture(30, 30, false), "gif"));
    assertEquals(200, gif.status(), gif.body());
    assertTrue(gif.json().getString("url").endsWith(".png"), gif.body());

    // WebP: decoded for its preview and hash, kept as uploaded but without its EXIF chunk.
    byte[] stillWebp = TestImages.fixture("still.webp");
    assertTrue(TestImages.contains(stillWebp, TestImages.GPS_MARKER));
    Reply webp = upload(alice, "photo.webp", "image/webp", stillWebp);
    assertEquals(200, webp.status(), webp.body());
    JsonObject webpMedia = webp.json();
    assertEquals("image", webpMedia.getString("type"));
    assertEquals(new JsonObject().put("width", 320).put("height", 200).put("size", "320x200")
        .put("aspect", 1.6), webpMedia.getJsonObject("meta").getJsonObject("original"));
    assertNotEquals(webpMedia.getString("url"), webpMedia.getString("preview_url"));
    assertEquals(36, webpMedia.getString("blurhash").length());
    HttpResponse<byte[]> servedWebp = plutro.getBytes(path(webpMedia.getString("url")));
    assertEquals("image/webp", servedWebp.headers().firstValue("Content-Type").orElseThrow());
    assertFalse(TestImages.contains(servedWebp.body(), TestImages.GPS_MARKER));
    assertFalse(TestImages.contains(servedWebp.body(), "EXIF"));
    assertEquals(320, image(servedWebp.body()).getWidth());
    BufferedImage webpPreview = image(plutro.getBytes(path(webpMedia.getString("preview_url"))).body());
    assertEquals(320, webpPreview.getWidth());
    assertEquals(200, webpPreview.getHeight());

    // Animations are kept whole; the preview and hash are of the first frame.
    for (String name : List.of("animated.webp", "animated.gif")) {
      byte[] animation = TestImages.fixture(name);
      Reply animated = upload(alice, name, "application/octet-stream", animation);
      assertEquals(200, animated.status(), animated.body());
      JsonObject media = animated.json();
      assertTrue(media.getString("url").endsWith(name.substring(name.indexOf('.'))), media.encode());
      assertNotNull(media.getString("blurhash"), name);
      assertEquals(name.endsWith("webp") ? 64 : 60,
          media.getJsonObject("meta").getJsonObject("original").getInteger("width"));
      assertEquals(name.endsWith("webp") ? 48 : 40,
          media.getJsonObject("meta").getJsonObject("small").getInteger("height"));
      assertArrayEquals(animation, plutro.getBytes(path(media.getString("url"))).body(), name);
      BufferedImage first = image(plutro.getBytes(path(media.getString("preview_url"))).body());
      assertTrue(new java.awt.Color(first.getRGB(2, 2)).getRed() > 150, name + " first frame is red");
    }

    // An animated GIF keeps its frames and looping, without its comment and XMP.
    Reply commented = upload(alice, "commented.gif", "image/gif", TestImages.animatedGifWithComment(3));
    assertEquals(200, commented.status(), commented.body());
    byte[] served = plutro.getBytes(path(commented.json().getString("url"))).body();
    assertEquals(-1, TestImages.indexOf(served, TestImages.GPS_MARKER.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    javax.imageio.ImageReader gifReader = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
    gifReader.setInput(javax.imageio.ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(served)));
    assertEquals(3, gifReader.getNumImages(true));
    // A GIF cut short is refused and nothing is kept.
    long attachments = plutro.count("SELECT count(*) FROM media_attachments");
    byte[] fullGif = TestImages.animatedGifWithComment(3);
    Reply truncated = upload(alice, "cut.gif", "image/gif", java.util.Arrays.copyOf(fullGif, fullGif.length - 40));
    assertTrue(truncated.status() == 422 || truncated.status() == 400, truncated.status() + " " + truncated.body());
    assertEquals(attachments, plutro.count("SELECT count(*) FROM media_attachments"));

    // Video through v1: stored as is, served with its type and byte ranges.
    byte[] video = TestImages.mp4(700_000);
    Reply mp4 = upload("/api/v1/media", alice, new Multipart().file("file", "clip.bin",
        "application/octet-stream", video));
    assertEquals(200, mp4.status(), mp4.body());
    assertEquals("video", mp4.json().getString("type"));
    assertNull(mp4.json().getString("preview_url"));
    String videoPath = path(mp4.json().getString("url"));
    HttpResponse<byte[]> whole = plutro.getBytes(videoPath);
    assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(video.length, whole.body().length);
    HttpResponse<byte[]> part = plutro.getBytes(videoPath, "Range", "bytes=100-199");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 100-199/" + video.length,
        part.headers().firstValue("Content-Range").orElseThrow());
    assertEquals(100, part.body().length);
    assertEquals(video[150], part.body()[50]);
    assertEquals(416, plutro.getBytes(videoPath, "Range", "bytes=" + video.length + "-").statusCode());
  }

  @Test
  void aVideoGetsAPosterItsSizeAndLengthAndLosesItsLocation() throws Exception {
    byte[] video = TestImages.mp4WithLocation(64, 48, 5);
    assertTrue(TestImages.contains(video, TestImages.GPS_MARKER));
    Reply uploaded = upload(alice, "clip.mp4", "video/mp4", video);
    assertEquals(200, uploaded.status(), uploaded.body());
    JsonObject media = uploaded.json();
    assertEquals("video", media.getString("type"));
    JsonObject original = media.getJsonObject("meta").getJsonObject("original");
    assertEquals(64, original.getInteger("width"));
    assertEquals(48, original.getInteger("height"));
    assertEquals(0.5, original.getDouble("duration"), 0.01);
    assertEquals("0:00:00.50", media.getJsonObject("meta").getString("length"));
    assertEquals(36, media.getString("blurhash").length());

    // The poster is the first frame (red in its top-left corner).
    HttpResponse<byte[]> poster = plutro.getBytes(path(media.getString("preview_url")));
    assertEquals("image/jpeg", poster.headers().firstValue("Content-Type").orElseThrow());
    BufferedImage frame = image(poster.body());
    assertEquals(64, frame.getWidth());
    java.awt.Color corner = new java.awt.Color(frame.getRGB(4, 4));
    assertTrue(corner.getRed() > 180 && corner.getGreen() < 90, corner.toString());

    // The served video has no location and still plays (its frames decode).
    byte[] served = plutro.getBytes(path(media.getString("url"))).body();
    assertEquals(video.length, served.length);
    assertFalse(TestImages.contains(served, TestImages.GPS_MARKER));
    assertFalse(TestImages.contains(served, "udta"));
    Path copy = Files.createTempFile("served", ".mp4");
    try {
      Files.write(copy, served);
      assertNotNull(org.jcodec.api.FrameGrab.getFrameFromFile(copy.toFile(), 4));
    } finally {
      Files.delete(copy);
    }
  }

  @Test
  void aVideoFilmedUprightHasAnUprightPosterAndItsTurnedSize() throws Exception {
    byte[] video = TestImages.turnedQuarterClockwise(TestImages.mp4WithLocation(64, 48, 3));
    Reply uploaded = upload(alice, "upright.mp4", "video/mp4", video);
    assertEquals(200, uploaded.status(), uploaded.body());
    JsonObject original = uploaded.json().getJsonObject("meta").getJsonObject("original");
    assertEquals(48, original.getInteger("width"), original.encode());
    assertEquals(64, original.getInteger("height"));
    BufferedImage poster = image(plutro.getBytes(path(uploaded.json().getString("preview_url"))).body());
    assertEquals(48, poster.getWidth());
    assertEquals(64, poster.getHeight());
    // The red top-left corner of the stored picture is the top-right one when turned upright.
    java.awt.Color corner = new java.awt.Color(poster.getRGB(poster.getWidth() - 5, 4));
    assertTrue(corner.getRed() > 180 && corner.getGreen() < 90, corner.toString());
    java.awt.Color other = new java.awt.Color(poster.getRGB(4, 4));
    assertTrue(other.getRed() < 180 || other.getGreen() > 90, other.toString());
  }

  @Test
  void descriptionAndFocusCanBeChangedWhileUnattached() {
    String id = upload(alice, "a.png", "image/png",
        TestImages.encode(TestImages.picture(20, 20, false), "png")).json().getString("id");
    Reply updated = plutro.send(HttpRequest.newBuilder(java.net.URI.create(plutro.base()
            + "/api/v1/media/" + id))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("description", "Stripes")
            .put("focus", "0.1,-1").encode())), "Authorization", "Bearer " + alice.token());
    assertEquals(200, updated.status(), updated.body());
    assertEquals("Stripes", updated.json().getString("description"));
    assertEquals(new JsonObject().put("x", 0.1).put("y", -1.0),
        updated.json().getJsonObject("meta").getJsonObject("focus"));

    Reply badFocus = put(id, alice, Map.of("focus", "2,0"));
    assertEquals(422, badFocus.status(), badFocus.body());
    assertTrue(badFocus.json().getJsonObject("details").containsKey("focus"));
    Reply tooLong = put(id, alice, Map.of("description", "x".repeat(1501)));
    assertEquals(422, tooLong.status(), tooLong.body());
    assertEquals("Stripes", plutro.getWithToken("/api/v1/media/" + id, alice.token()).json()
        .getString("description"));

    // Someone else's upload does not exist for them.
    assertEquals(404, put(id, bob, Map.of("description", "mine now")).status());
    assertEquals(404, plutro.getWithToken("/api/v1/media/" + id, bob.token()).status());
    assertEquals(404, delete(id, bob).status());
  }

  static Reply put(String id, Member member, Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return plutro.send(HttpRequest.newBuilder(java.net.URI.create(plutro.base() + "/api/v1/media/" + id))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())),
        "Authorization", "Bearer " + member.token());
  }

  static Reply delete(String id, Member member) {
    return plutro.send(HttpRequest.newBuilder(java.net.URI.create(plutro.base() + "/api/v1/media/" + id))
        .DELETE(), "Authorization", "Bearer " + member.token());
  }

  static String post(Member member, String text) {
    Reply posted = plutro.postForm("/api/v1/statuses", Map.of("status", text),
        "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json().getString("id");
  }

  static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static String uploadId(Member member) {
    Reply reply = upload(member, "p.png", "image/png",
        TestImages.encode(TestImages.picture(16, 16, false), "png"));
    assertEquals(200, reply.status(), reply.body());
    return reply.json().getString("id");
  }

  @Test
  void attachingTakesOnlyTheAuthorsUnattachedUploadsAtMostFour() throws Exception {
    MediaService media = ServerInternals.mediaService(plutro.server());
    long statusId = Long.parseLong(post(alice, "with pictures"));
    String first = uploadId(alice);
    String second = uploadId(alice);
    String bobs = uploadId(bob);

    // Bob's upload, an unknown id, or five at once: refused, and nothing attached.
    for (List<String> bad : List.of(List.of(first, bobs), List.of(first, "123"),
        List.of(first, "not-a-number"), List.of(first, second, uploadId(alice), uploadId(alice),
            uploadId(alice)))) {
      Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
          () -> await(media.attach(Long.parseLong(alice.id()), bad, statusId)));
      assertTrue(refused.getCause() instanceof org.plutro.server.domain.ServiceException, refused.toString());
      assertEquals(422, ((org.plutro.server.domain.ServiceException) refused.getCause()).status());
      assertEquals(0L, plutro.count("SELECT count(*) FROM media_attachments WHERE status_id = $1", statusId));
    }

    var attached = await(media.attach(Long.parseLong(alice.id()), List.of(second, first), statusId));
    assertEquals(List.of(Long.parseLong(second), Long.parseLong(first)),
        attached.stream().map(m -> m.id()).toList());
    assertEquals(List.of(Long.parseLong(second), Long.parseLong(first)),
        await(new MediaStore(ServerInternals.pool(plutro.server())).byStatuses(List.of(statusId))).stream()
            .map(m -> m.id()).toList());

    // Attached: no longer readable or changeable through the media API, and not deletable.
    assertEquals(404, plutro.getWithToken("/api/v1/media/" + first, alice.token()).status());
    assertEquals(404, put(first, alice, Map.of("description", "late")).status());
    Reply inUse = delete(first, alice);
    assertEquals(422, inUse.status(), inUse.body());
    assertEquals("Media attachment is currently used by a status", inUse.json().getString("error"));
    // And not attachable twice.
    long other = Long.parseLong(post(alice, "again"));
    Exception twice = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> await(media.attach(Long.parseLong(alice.id()), List.of(first), other)));
    assertEquals(422, ((org.plutro.server.domain.ServiceException) twice.getCause()).status());
  }

  @Test
  void deletingAnUnattachedUploadRemovesItsFiles() throws IOException {
    JsonObject media = upload(alice, "gone.jpg", "image/jpeg", TestImages.jpeg(100, 100)).json();
    String originalPath = path(media.getString("url"));
    assertEquals(200, plutro.getBytes(originalPath).statusCode());
    Reply deleted = delete(media.getString("id"), alice);
    assertEquals(200, deleted.status(), deleted.body());
    assertEquals(new JsonObject(), deleted.json());
    assertEquals(404, plutro.getBytes(originalPath).statusCode());
    assertEquals(404, plutro.getBytes(path(media.getString("preview_url"))).statusCode());
    assertEquals(404, plutro.getWithToken("/api/v1/media/" + media.getString("id"), alice.token()).status());
  }

  @Test
  void badUploadsAre422AndLeaveNothingBehind() throws IOException {
    Member carol = plutro.register("carol");
    long originals = filesUnder("original");
    long previews = filesUnder("small");

    List<Reply> refused = List.of(
        // No file at all.
        upload("/api/v2/media", carol, new Multipart().field("description", "nothing")),
        // Not multipart.
        plutro.postForm("/api/v2/media", Map.of("file", "hello"), "Authorization", "Bearer " + carol.token()),
        // A text file renamed .png, claimed as image/png.
        upload(carol, "evil.png", "image/png",
            "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)),
        // A type we do not take (BMP), and a truncated JPEG.
        upload(carol, "old.bmp", "image/bmp", TestImages.encode(TestImages.picture(10, 10, false), "bmp")),
        upload(carol, "broken.jpg", "image/jpeg", java.util.Arrays.copyOf(TestImages.jpeg(200, 200), 40)),
        // An image over the image limit but under the video limit.
        upload(carol, "huge.mp4", "video/mp4", padPng((int) MAX_IMAGE + 10_000)),
        // A video over every limit: cut off by the body handler.
        uploadHttp11(carol, TestImages.mp4((int) MAX_VIDEO + 200_000)),
        // A bad description or focus is checked before anything is stored.
        upload("/api/v2/media", carol, new Multipart().field("focus", "left")
            .file("file", "ok.png", "image/png", TestImages.encode(TestImages.picture(8, 8, false), "png"))));
    for (Reply reply : refused) {
      assertEquals(422, reply.status(), reply.body());
      assertNotNull(reply.json().getString("error"), reply.body());
    }
    // No token: 401 before the body is even read.
    Reply anonymous = plutro.postMultipart("/api/v2/media", new Multipart().file("file", "a.jpg",
        "image/jpeg", TestImages.jpeg(10, 10)));
    assertEquals(401, anonymous.status(), anonymous.body());

    assertEquals(0L, plutro.count("SELECT count(*) FROM media_attachments WHERE account_id = $1",
        Long.parseLong(carol.id())));
    assertEquals(originals, filesUnder("original"));
    assertEquals(previews, filesUnder("small"));
    org.plutro.server.testrig.Eventually.within10s("temporary uploads are deleted",
        () -> filesUnder("uploads") == 0);
  }

  /**
   * Over HTTP/1.1, as apps behind a proxy send: Java's client would otherwise try an h2c upgrade,
   * whose body Netty buffers only up to a small limit before it closes the connection.
   */
  static Reply uploadHttp11(Member member, byte[] content) {
    Multipart form = new Multipart().file("file", "long.mp4", "video/mp4", content);
    try {
      HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
          .send(HttpRequest.newBuilder(java.net.URI.create(plutro.base() + "/api/v2/media"))
              .header("Content-Type", form.contentType())
              .header("Authorization", "Bearer " + member.token())
              .timeout(java.time.Duration.ofSeconds(30))
              .POST(form.publisher()).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid PNG followed by filler, so that it is as large as asked. */
  static byte[] padPng(int size) {
    byte[] png = TestImages.encode(TestImages.picture(10, 10, false), "png");
    byte[] padded = java.util.Arrays.copyOf(png, size);
    return padded;
  }

  @Test
  void mediaPathsOutsideOurNamesAreNotServed() {
    assertEquals(404, plutro.getBytes("/media/original/..%2F..%2Fpostgres%2Fpg_hba.conf").statusCode());
    assertEquals(404, plutro.getBytes("/media/original/" + "a".repeat(32) + ".html").statusCode());
    assertEquals(404, plutro.getBytes("/media/uploads/" + "a".repeat(32) + ".jpg").statusCode());
    assertEquals(404, plutro.getBytes("/media/original/" + "a".repeat(32) + ".jpg").statusCode());
    assertNotEquals(200, plutro.getBytes("/media/original/").statusCode());
  }

  @Test
  void aPostCarriesItsMediaInTheApiAndInItsNoteAndAnEditReplacesThem() {
    String auth = "Bearer " + alice.token();
    String first = uploadId(alice);
    String second = uploadId(alice);
    long statusesBefore = plutro.count("SELECT count(*) FROM statuses");
    // Someone else's upload or an unknown id: 422, and no post is made.
    for (String bad : List.of(uploadId(bob), "999", "x")) {
      Reply refused = plutro.postJson("/api/v1/statuses", new JsonObject().put("status", "pics")
          .put("media_ids", new io.vertx.core.json.JsonArray().add(first).add(bad)), "Authorization", auth);
      assertEquals(422, refused.status(), refused.body());
    }
    assertEquals(statusesBefore, plutro.count("SELECT count(*) FROM statuses"));
    assertEquals(0L, plutro.count("SELECT count(*) FROM media_attachments WHERE id = $1 AND status_id IS NOT NULL",
        Long.parseLong(first)));

    // With media, the text may be empty (as in Mastodon).
    Reply posted = plutro.postJson("/api/v1/statuses", new JsonObject().put("status", "")
        .put("media_ids", new io.vertx.core.json.JsonArray().add(second).add(first)), "Authorization", auth);
    assertEquals(200, posted.status(), posted.body());
    io.vertx.core.json.JsonArray attachments = posted.json().getJsonArray("media_attachments");
    assertEquals(List.of(second, first), attachments.stream()
        .map(a -> ((JsonObject) a).getString("id")).toList());
    String statusId = posted.json().getString("id");
    assertEquals(attachments, plutro.getWithToken("/api/v1/statuses/" + statusId, alice.token())
        .json().getJsonArray("media_attachments"));

    // Peers read them as Documents in the Note.
    Reply note = plutro.get(path(posted.json().getString("uri")), "Accept", "application/activity+json");
    assertEquals(200, note.status(), note.body());
    io.vertx.core.json.JsonArray documents = note.json().getJsonArray("attachment");
    assertEquals(2, documents.size(), note.body());
    assertEquals("Document", documents.getJsonObject(0).getString("type"));
    assertEquals(attachments.getJsonObject(0).getString("url"), documents.getJsonObject(0).getString("url"));
    assertNotNull(documents.getJsonObject(0).getString("blurhash"));
    assertTrue(note.body().contains("toot:blurhash"), "the context defines blurhash");

    // An edit keeps what it lists, in its order; what it drops is the author's unattached upload again.
    Reply edited = plutro.send(HttpRequest.newBuilder(java.net.URI.create(plutro.base() + "/api/v1/statuses/" + statusId))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("status", "one left")
            .put("media_ids", new io.vertx.core.json.JsonArray().add(first)).encode())), "Authorization", auth);
    assertEquals(200, edited.status(), edited.body());
    assertEquals(List.of(first), edited.json().getJsonArray("media_attachments").stream()
        .map(a -> ((JsonObject) a).getString("id")).toList());
    assertEquals(200, plutro.getWithToken("/api/v1/media/" + second, alice.token()).status(),
        "the dropped upload is unattached again");
  }
}
