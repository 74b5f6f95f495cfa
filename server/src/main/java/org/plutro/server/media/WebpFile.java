package org.plutro.server.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * WebP, which the JDK cannot decode: we keep the file as it is, but read its size from the
 * headers and drop its EXIF and XMP chunks (where cameras and editors put GPS positions). RIFF
 * makes that safe: a file is a list of length-prefixed chunks, and the rest do not move.
 */
final class WebpFile {
  private static final int FLAG_EXIF = 0x08;
  private static final int FLAG_XMP = 0x04;

  record Stripped(byte[] bytes, int width, int height) {}

  private WebpFile() {}

  /** The file without metadata chunks, and its dimensions; refuses a malformed file. */
  static Stripped strip(byte[] file) throws InvalidMediaException {
    if (file.length < 20 || !fourcc(file, 0, "RIFF") || !fourcc(file, 8, "WEBP")) {
      throw new InvalidMediaException("not a WebP file");
    }
    long riffSize = u32(file, 4);
    int end = (int) Math.min(file.length, 8 + riffSize);
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
    out.write(file, 0, 12);
    int width = 0;
    int height = 0;
    int vp8xAt = -1;
    int pos = 12;
    while (pos + 8 <= end) {
      String type = new String(file, pos, 4, StandardCharsets.ISO_8859_1);
      long size = u32(file, pos + 4);
      long padded = size + (size & 1);
      if (pos + 8 + size > end) {
        throw new InvalidMediaException("a WebP chunk runs past the end of the file");
      }
      int data = pos + 8;
      switch (type) {
        case "VP8X" -> {
          if (size < 10) {
            throw new InvalidMediaException("a WebP VP8X chunk is too short");
          }
          width = u24(file, data + 4) + 1;
          height = u24(file, data + 7) + 1;
          vp8xAt = out.size();
        }
        case "VP8 " -> {
          if (width == 0 && size >= 10) {
            width = (u16(file, data + 6)) & 0x3fff;
            height = (u16(file, data + 8)) & 0x3fff;
          }
        }
        case "VP8L" -> {
          if (width == 0 && size >= 5 && (file[data] & 0xff) == 0x2f) {
            long bits = u32(file, data + 1);
            width = (int) (bits & 0x3fff) + 1;
            height = (int) ((bits >> 14) & 0x3fff) + 1;
          }
        }
        default -> { }
      }
      if (!type.equals("EXIF") && !type.equals("XMP ")) {
        out.write(file, pos, (int) Math.min(8 + padded, end - pos));
      }
      pos += (int) (8 + padded);
    }
    if (width <= 0 || height <= 0) {
      throw new InvalidMediaException("a WebP file without a readable image size");
    }
    byte[] result = out.toByteArray();
    if (vp8xAt >= 0) {
      result[vp8xAt + 8] &= (byte) ~(FLAG_EXIF | FLAG_XMP);
    }
    long newRiffSize = result.length - 8;
    for (int i = 0; i < 4; i++) {
      result[4 + i] = (byte) (newRiffSize >> (8 * i));
    }
    return new Stripped(result, width, height);
  }

  private static boolean fourcc(byte[] data, int at, String code) {
    return new String(data, at, 4, StandardCharsets.ISO_8859_1).equals(code);
  }

  private static int u16(byte[] data, int at) {
    return (data[at] & 0xff) | ((data[at + 1] & 0xff) << 8);
  }

  private static int u24(byte[] data, int at) {
    return u16(data, at) | ((data[at + 2] & 0xff) << 16);
  }

  private static long u32(byte[] data, int at) {
    return (u24(data, at) | ((long) (data[at + 3] & 0xff) << 24));
  }
}
