package org.plutro.server.media;

import java.awt.image.BufferedImage;

/**
 * BlurHash (https://blurha.sh): a short text that clients turn into a blurred placeholder while the
 * image loads. The image is described by a few cosine components (a tiny DCT) of its linear-light
 * colours; the average colour is kept exactly, the others quantised, all written in base 83.
 * Mastodon uses 4 × 4 components; so do we.
 */
public final class Blurhash {
  public static final int COMPONENTS_X = 4;
  public static final int COMPONENTS_Y = 4;
  private static final String DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

  private Blurhash() {}

  /** The hash of an image; pass a small one (a few dozen pixels a side): the cost is per pixel. */
  public static String encode(BufferedImage image) {
    return encode(image, COMPONENTS_X, COMPONENTS_Y);
  }

  public static String encode(BufferedImage image, int componentsX, int componentsY) {
    if (componentsX < 1 || componentsX > 9 || componentsY < 1 || componentsY > 9) {
      throw new IllegalArgumentException("components must be between 1 and 9");
    }
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    double[] red = new double[argb.length];
    double[] green = new double[argb.length];
    double[] blue = new double[argb.length];
    for (int i = 0; i < argb.length; i++) {
      red[i] = toLinear((argb[i] >> 16) & 0xff);
      green[i] = toLinear((argb[i] >> 8) & 0xff);
      blue[i] = toLinear(argb[i] & 0xff);
    }
    double[][] factors = new double[componentsX * componentsY][];
    for (int j = 0; j < componentsY; j++) {
      for (int i = 0; i < componentsX; i++) {
        factors[j * componentsX + i] = factor(i, j, width, height, red, green, blue);
      }
    }

    StringBuilder hash = new StringBuilder(4 + 2 * factors.length + 2);
    base83((componentsX - 1) + (componentsY - 1) * 9, 1, hash);
    double maximum;
    if (factors.length > 1) {
      double largest = 0;
      for (int k = 1; k < factors.length; k++) {
        for (double value : factors[k]) {
          largest = Math.max(largest, Math.abs(value));
        }
      }
      int quantised = (int) Math.max(0, Math.min(82, Math.floor(largest * 166 - 0.5)));
      maximum = (quantised + 1) / 166.0;
      base83(quantised, 1, hash);
    } else {
      maximum = 1;
      base83(0, 1, hash);
    }
    double[] dc = factors[0];
    base83((toSrgb(dc[0]) << 16) | (toSrgb(dc[1]) << 8) | toSrgb(dc[2]), 4, hash);
    for (int k = 1; k < factors.length; k++) {
      double[] ac = factors[k];
      base83(quantiseAc(ac[0], maximum) * 19 * 19 + quantiseAc(ac[1], maximum) * 19
          + quantiseAc(ac[2], maximum), 2, hash);
    }
    return hash.toString();
  }

  // One cosine component: how much of the basis cos(pi*i*x/w)*cos(pi*j*y/h) the image holds.
  private static double[] factor(int i, int j, int width, int height, double[] red,
      double[] green, double[] blue) {
    double r = 0;
    double g = 0;
    double b = 0;
    for (int y = 0; y < height; y++) {
      double basisY = Math.cos(Math.PI * j * y / height);
      for (int x = 0; x < width; x++) {
        double basis = Math.cos(Math.PI * i * x / width) * basisY;
        int p = y * width + x;
        r += basis * red[p];
        g += basis * green[p];
        b += basis * blue[p];
      }
    }
    double scale = (i == 0 && j == 0 ? 1.0 : 2.0) / (width * (double) height);
    return new double[] {r * scale, g * scale, b * scale};
  }

  private static int quantiseAc(double value, double maximum) {
    double scaled = Math.copySign(Math.sqrt(Math.abs(value / maximum)), value);
    return (int) Math.max(0, Math.min(18, Math.floor(scaled * 9 + 9.5)));
  }

  static double toLinear(int srgb) {
    double v = srgb / 255.0;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  static int toSrgb(double linear) {
    double v = Math.max(0, Math.min(1, linear));
    return v <= 0.0031308 ? (int) (v * 12.92 * 255 + 0.5)
        : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
  }

  private static void base83(int value, int length, StringBuilder out) {
    for (int i = 1; i <= length; i++) {
      int digit = (value / pow83(length - i)) % 83;
      out.append(DIGITS.charAt(digit));
    }
  }

  private static int pow83(int exponent) {
    int result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= 83;
    }
    return result;
  }
}
