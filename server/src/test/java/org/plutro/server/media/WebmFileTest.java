package org.plutro.server.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebM as browsers and desktop tools write it: what is read, what is blanked, what is refused. */
class WebmFileTest {
  @TempDir
  Path dir;

  private Path write(byte[] webm) throws IOException {
    Path file = Files.createTempFile(dir, "clip", ".webm");
    Files.write(file, webm);
    return file;
  }

  @Test
  void aRecordingsSizeLengthFrameRateAndFirstFrameAreRead() throws Exception {
    for (String codec : new String[] {"vp8", "vp9", "av1"}) {
      WebmFile.Info info = WebmFile.strip(write(TestWebm.fixture(codec + ".webm")));
      assertEquals("V_" + codec.toUpperCase(), info.videoCodec());
      assertEquals(64, info.width(), codec);
      assertEquals(48, info.height(), codec);
      assertEquals(1.0, info.duration(), 0.2, codec);
      assertEquals(10, info.frameRate(), 1.0, codec);
      assertNotNull(info.firstKeyFrame(), codec);
    }
  }

  @Test
  void aStreamedRecordingWithoutSizesOrDurationIsReadToItsEnd() throws Exception {
    WebmFile.Info info = WebmFile.strip(write(TestWebm.fixture("vp8-live.webm")));
    assertEquals(64, info.width());
    assertEquals(48, info.height());
    // No duration written: the last frame's time plus one frame.
    assertEquals(1.0, info.duration(), 0.2);
    assertEquals(10, info.frameRate(), 1.0);
  }

  @Test
  void titleTagsAppsAttachmentsChaptersAndTrackNamesAreBlankedInPlace() throws Exception {
    byte[] tagged = TestWebm.withMetadata(TestWebm.fixture("vp8.webm"));
    assertTrue(TestImages.contains(tagged, TestWebm.MARKER));
    assertTrue(TestImages.contains(tagged, "Chrome"));
    Path file = write(tagged);
    WebmFile.Info info = WebmFile.strip(file);
    byte[] stripped = Files.readAllBytes(file);
    assertEquals(tagged.length, stripped.length);
    assertFalse(TestImages.contains(stripped, TestWebm.MARKER));
    assertFalse(TestImages.contains(stripped, "Chrome"));
    assertFalse(TestImages.contains(stripped, "notes.txt"));
    assertEquals(64, info.width());
    assertEquals(1.0, info.duration(), 0.2);
    // The seek head's entry for the tags is blanked with them; what is left still reads.
    assertEquals(64, WebmFile.strip(file).width());
    // Blanking does not touch the frames: the clusters are byte for byte the same.
    int cluster = TestImages.indexOf(tagged, new byte[] {0x1f, 0x43, (byte) 0xb6, 0x75});
    assertEquals(new String(tagged, cluster, tagged.length - cluster, StandardCharsets.ISO_8859_1),
        new String(stripped, cluster, stripped.length - cluster, StandardCharsets.ISO_8859_1));
  }

  @Test
  void aVp8VideoGetsItsFirstFrameAsPosterOthersOnlyTheirSize() throws Exception {
    Path poster = dir.resolve("poster.jpg");
    VideoProcessor.Result vp8 = VideoProcessor.process(write(TestWebm.fixture("vp8.webm")),
        MediaFormat.WEBM, dir.resolve("vp8.webm"), poster);
    assertTrue(vp8.hasPreview());
    assertEquals(64, vp8.previewWidth());
    assertEquals(36, vp8.blurhash().length());
    BufferedImage frame = ImageIO.read(poster.toFile());
    Color corner = new Color(frame.getRGB(4, 4));
    assertTrue(corner.getRed() > 180 && corner.getGreen() < 90, corner.toString());
    Color middle = new Color(frame.getRGB(40, 30));
    assertTrue(middle.getBlue() > 150 && middle.getRed() < 90, middle.toString());

    for (String codec : new String[] {"vp9", "av1"}) {
      Path none = dir.resolve(codec + ".jpg");
      VideoProcessor.Result result = VideoProcessor.process(write(TestWebm.fixture(codec + ".webm")),
          MediaFormat.WEBM, dir.resolve(codec + ".webm"), none);
      assertFalse(result.hasPreview(), codec);
      assertNull(result.blurhash());
      assertEquals(64, result.width());
      assertEquals(1.0, result.duration(), 0.2);
      assertFalse(Files.exists(none));
    }
  }

  @Test
  void aDamagedOrForeignFileIsRefused() throws Exception {
    byte[] webm = TestWebm.fixture("vp8.webm");
    // Cut off before its tracks; only its header; its header's doc type another Matroska's.
    byte[] beforeTracks = TestWebm.cutOff(webm, 180);
    byte[] headerOnly = TestWebm.cutOff(webm, 40);
    byte[] matroska = webm.clone();
    int docType = TestImages.indexOf(matroska, "webm".getBytes(StandardCharsets.US_ASCII));
    System.arraycopy("mkv\0".getBytes(StandardCharsets.US_ASCII), 0, matroska, docType, 4);
    // A header whose segment is followed by bytes that are no element at all.
    byte[] garbage = TestWebm.cutOff(webm, 60);
    java.util.Arrays.fill(garbage, 48, 60, (byte) 0);
    for (byte[] bad : new byte[][] {beforeTracks, headerOnly, matroska, garbage}) {
      Path file = write(bad);
      assertThrows(InvalidMediaException.class, () -> WebmFile.strip(file));
    }
  }
}
