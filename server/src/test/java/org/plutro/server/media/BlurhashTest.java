package org.plutro.server.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** BlurHash against the spec's arithmetic, read back by a small decoder written here. */
class BlurhashTest {
  static final String DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

  static int decode83(String text) {
    int value = 0;
    for (char c : text.toCharArray()) {
      value = value * 83 + DIGITS.indexOf(c);
    }
    return value;
  }

  static BufferedImage solid(Color color) {
    BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 20, 10);
    g.dispose();
    return image;
  }

  @Test
  void aSolidColourIsItsAverageAndAlmostNoDetail() {
    String hash = Blurhash.encode(solid(new Color(200, 40, 10)));
    // 4 x 4 components: size flag 3 + 3 * 9 = 30 ('U'), max, DC (4 chars), 15 ACs (2 chars each).
    assertEquals(36, hash.length());
    assertEquals('U', hash.charAt(0));
    // Sampling at pixel corners leaves small AC terms; their maximum stays far below a real edge's.
    int solidMax = DIGITS.indexOf(hash.charAt(1));
    BufferedImage edge = solid(Color.BLACK);
    Graphics2D g = edge.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(10, 0, 10, 10);
    g.dispose();
    assertTrue(solidMax < DIGITS.indexOf(Blurhash.encode(edge).charAt(1)) / 2, hash);
    int dc = decode83(hash.substring(2, 6));
    assertEquals(200, dc >> 16);
    assertEquals(40, (dc >> 8) & 0xff);
    assertEquals(10, dc & 0xff);
  }

  @Test
  void aLeftToRightChangeShowsInTheFirstHorizontalComponent() {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 16, 32);
    g.setColor(Color.WHITE);
    g.fillRect(16, 0, 16, 32);
    g.dispose();
    String hash = Blurhash.encode(image, 2, 1);
    assertEquals(8, hash.length());
    assertEquals(DIGITS.charAt(1), hash.charAt(0)); // (2 - 1) + (1 - 1) * 9
    int ac = decode83(hash.substring(6, 8));
    int r = ac / (19 * 19);
    int gr = (ac / 19) % 19;
    int b = ac % 19;
    // Dark left, bright right: cos(0) on the left is +1, so the component is negative, equal per channel.
    assertTrue(r < 9, hash);
    assertEquals(r, gr);
    assertEquals(r, b);
    int quantisedMax = DIGITS.indexOf(hash.charAt(1));
    assertTrue(quantisedMax > 0, hash);
  }

  @Test
  void srgbRoundTripsThroughLinearLight() {
    for (int v = 0; v < 256; v++) {
      assertEquals(v, Blurhash.toSrgb(Blurhash.toLinear(v)));
    }
  }
}
