package org.plutro.server.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.Test;

/** An animated GIF loses its comment and XMP, and keeps its frames and its looping. */
class GifFileTest {
  @Test
  void commentsAndApplicationExtensionsGoTheAnimationStays() throws Exception {
    byte[] gif = TestImages.animatedGifWithComment(3);
    assertTrue(TestImages.indexOf(gif, TestImages.GPS_MARKER.getBytes(StandardCharsets.US_ASCII)) >= 0,
        "the fixture carries the marker");
    byte[] stripped = GifFile.strip(gif);
    assertEquals(-1, TestImages.indexOf(stripped, TestImages.GPS_MARKER.getBytes(StandardCharsets.US_ASCII)));
    assertTrue(TestImages.indexOf(stripped, "NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII)) >= 0, "still loops");
    assertEquals(3, frames(stripped));
    assertEquals(Arrays.toString(pixels(gif)), Arrays.toString(pixels(stripped)));
    // A file without anything to strip is unchanged.
    assertTrue(Arrays.equals(stripped, GifFile.strip(stripped)));
  }

  @Test
  void aTruncatedOrForeignFileIsRefused() {
    byte[] gif = TestImages.animatedGifWithComment(2);
    assertThrows(InvalidMediaException.class, () -> GifFile.strip(Arrays.copyOf(gif, gif.length / 2)));
    assertThrows(InvalidMediaException.class, () -> GifFile.strip("not a gif at all".getBytes(StandardCharsets.US_ASCII)));
  }

  private static int frames(byte[] gif) throws Exception {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(gif)));
    return reader.getNumImages(true);
  }

  private static int[] pixels(byte[] gif) throws Exception {
    var image = ImageIO.read(new ByteArrayInputStream(gif));
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
