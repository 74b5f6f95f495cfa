package org.plutro.server.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Formats are known by their first bytes only. */
class MediaFormatTest {
  static Optional<MediaFormat> detect(byte[] bytes) {
    return MediaFormat.detect(bytes);
  }

  @Test
  void recognisesWhatWeTakeAndNothingElse() {
    assertEquals(Optional.of(MediaFormat.JPEG), detect(TestImages.jpeg(4, 4)));
    assertEquals(Optional.of(MediaFormat.PNG),
        detect(TestImages.encode(TestImages.picture(4, 4, false), "png")));
    assertEquals(Optional.of(MediaFormat.GIF),
        detect(TestImages.encode(TestImages.picture(4, 4, false), "gif")));
    assertEquals(Optional.of(MediaFormat.WEBP), detect(TestImages.fixture("still.webp")));
    assertEquals(Optional.of(MediaFormat.MP4), detect(TestImages.mp4(64)));
    byte[] webm = new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, (byte) 0x9f, 0x42, (byte) 0x86,
        (byte) 0x81, 0x01, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm'};
    assertEquals(Optional.of(MediaFormat.WEBM), detect(webm));
    byte[] matroska = new String(webm, StandardCharsets.ISO_8859_1).replace("webm", "mkv!")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(Optional.empty(), detect(matroska));
    // HEIF shares MP4's container; HTML, SVG and BMP are refused.
    byte[] heic = TestImages.mp4(64);
    System.arraycopy("heic".getBytes(StandardCharsets.US_ASCII), 0, heic, 8, 4);
    assertEquals(Optional.empty(), detect(heic));
    assertEquals(Optional.empty(), detect("<!DOCTYPE html><p>hi".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), detect("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), detect(TestImages.encode(TestImages.picture(4, 4, false), "bmp")));
    assertEquals(Optional.empty(), detect(new byte[0]));
  }
}
