package org.plutro.server.media;

import java.awt.image.BufferedImage;

/**
 * Phones store photos as the sensor saw them and record how to turn them in the EXIF Orientation
 * tag. Re-encoding drops EXIF (on purpose: it carries GPS positions), so the turn must be applied
 * to the pixels first or the photo shows sideways.
 */
final class ExifOrientation {
  private static final int ORIENTATION_TAG = 0x0112;

  private ExifOrientation() {}

  /** The Orientation (1–8) recorded in a JPEG's EXIF segment; 1 (as stored) when absent or unreadable. */
  static int of(byte[] jpeg) {
    int pos = 2;
    while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
      int marker = jpeg[pos + 1] & 0xff;
      if (marker == 0xda || marker == 0xd9) {
        break; // start of scan or end of image: no more metadata segments
      }
      int length = u16(jpeg, pos + 2, false);
      if (length < 2 || pos + 2 + length > jpeg.length) {
        break;
      }
      if (marker == 0xe1 && length >= 16 && isExif(jpeg, pos + 4)) {
        return orientation(jpeg, pos + 10, pos + 2 + length);
      }
      pos += 2 + length;
    }
    return 1;
  }

  private static boolean isExif(byte[] data, int at) {
    return data[at] == 'E' && data[at + 1] == 'x' && data[at + 2] == 'i' && data[at + 3] == 'f'
        && data[at + 4] == 0 && data[at + 5] == 0;
  }

  // A TIFF structure: byte order, then IFD0 whose entries are 12 bytes (tag, type, count, value).
  private static int orientation(byte[] data, int tiff, int end) {
    boolean little;
    if (data[tiff] == 'I' && data[tiff + 1] == 'I') {
      little = true;
    } else if (data[tiff] == 'M' && data[tiff + 1] == 'M') {
      little = false;
    } else {
      return 1;
    }
    long ifd = u32(data, tiff + 4, little);
    if (ifd < 8 || tiff + ifd + 2 > end) {
      return 1;
    }
    int entries = u16(data, (int) (tiff + ifd), little);
    for (int i = 0; i < entries; i++) {
      int entry = (int) (tiff + ifd + 2 + 12L * i);
      if (entry + 12 > end) {
        return 1;
      }
      if (u16(data, entry, little) == ORIENTATION_TAG) {
        int value = u16(data, entry + 8, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  /** The image as it should be seen, given its Orientation. */
  static BufferedImage apply(BufferedImage source, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return source;
    }
    int w = source.getWidth();
    int h = source.getHeight();
    boolean swaps = orientation >= 5;
    int outW = swaps ? h : w;
    int outH = swaps ? w : h;
    int[] in = source.getRGB(0, 0, w, h, null, 0, w);
    int[] out = new int[in.length];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          default -> { sx = w - 1 - y; sy = x; } // 8
        }
        out[y * outW + x] = in[sy * w + sx];
      }
    }
    BufferedImage turned = new BufferedImage(outW, outH,
        source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    turned.setRGB(0, 0, outW, outH, out, 0, outW);
    return turned;
  }

  private static int u16(byte[] data, int at, boolean little) {
    int a = data[at] & 0xff;
    int b = data[at + 1] & 0xff;
    return little ? a | (b << 8) : (a << 8) | b;
  }

  private static long u32(byte[] data, int at, boolean little) {
    long value = 0;
    for (int i = 0; i < 4; i++) {
      int b = data[at + (little ? 3 - i : i)] & 0xff;
      value = (value << 8) | b;
    }
    return value;
  }
}
