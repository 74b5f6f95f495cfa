package org.plutro.server.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A WebP kept as uploaded (ImageIO can read WebP but not write it) loses its EXIF and XMP chunks,
 * where cameras and editors put GPS positions. RIFF makes that safe: a file is a list of
 * length-prefixed chunks, and the rest do not move. The file has been decoded before, so it is
 * well formed.
 */
final class WebpFile {
  private static final int FLAG_EXIF = 0x08;
  private static final int FLAG_XMP = 0x04;

  private WebpFile() {}

  /** The file without its metadata chunks. */
  static byte[] strip(byte[] file) throws InvalidMediaException {
    if (file.length < 20 || !fourcc(file, 0, "RIFF") || !fourcc(file, 8, "WEBP")) {
      throw new InvalidMediaException("not a WebP file");
    }
    int end = (int) Math.min(file.length, 8 + u32(file, 4));
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
    out.write(file, 0, 12);
    int vp8xAt = -1;
    int pos = 12;
    while (pos + 8 <= end) {
      String type = new String(file, pos, 4, StandardCharsets.ISO_8859_1);
      long size = u32(file, pos + 4);
      if (pos + 8 + size > end) {
        throw new InvalidMediaException("a WebP chunk runs past the end of the file");
      }
      if (type.equals("VP8X")) {
        vp8xAt = out.size();
      }
      long padded = size + (size & 1);
      if (!type.equals("EXIF") && !type.equals("XMP ")) {
        out.write(file, pos, (int) Math.min(8 + padded, end - pos));
      }
      pos += (int) (8 + padded);
    }
    byte[] result = out.toByteArray();
    if (vp8xAt >= 0) {
      result[vp8xAt + 8] &= (byte) ~(FLAG_EXIF | FLAG_XMP);
    }
    long riffSize = result.length - 8;
    for (int i = 0; i < 4; i++) {
      result[4 + i] = (byte) (riffSize >> (8 * i));
    }
    return result;
  }

  private static boolean fourcc(byte[] data, int at, String code) {
    return new String(data, at, 4, StandardCharsets.ISO_8859_1).equals(code);
  }

  private static long u32(byte[] data, int at) {
    long value = 0;
    for (int i = 3; i >= 0; i--) {
      value = (value << 8) | (data[at + i] & 0xff);
    }
    return value;
  }
}
