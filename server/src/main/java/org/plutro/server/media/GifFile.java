package org.plutro.server.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An animated GIF kept as uploaded (re-encoding would lose the animation) loses its comments and
 * the application extensions editors write (XMP, ICC profiles, tool names), where a file's author
 * or history can hide. A GIF is a list of blocks: the header and colour table, then extensions
 * and images, each made of length-prefixed sub-blocks; the images and their timing are copied as
 * they are, and the looping extension ({@code NETSCAPE2.0}, {@code ANIMEXTS1.0}) is kept, so the
 * animation plays as it did. The file has been decoded before; a malformed one is refused.
 */
final class GifFile {
  private static final int EXTENSION = 0x21;
  private static final int IMAGE = 0x2C;
  private static final int TRAILER = 0x3B;
  private static final int COMMENT = 0xFE;
  private static final int APPLICATION = 0xFF;

  private GifFile() {}

  /** The file without its comments and application extensions other than looping. */
  static byte[] strip(byte[] file) throws InvalidMediaException {
    if (file.length < 13 || !(ascii(file, 0, 6).equals("GIF87a") || ascii(file, 0, 6).equals("GIF89a"))) {
      throw new InvalidMediaException("not a GIF file");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
    int pos = 13 + colourTable(file[10]);
    need(file, pos);
    out.write(file, 0, pos);
    while (true) {
      need(file, pos + 1);
      int block = file[pos] & 0xff;
      if (block == TRAILER) {
        out.write(TRAILER);
        return out.toByteArray();
      } else if (block == IMAGE) {
        need(file, pos + 11);
        int start = pos;
        pos += 10 + colourTable(file[pos + 9]);
        pos = subBlocks(file, pos + 1); // the LZW code size, then the data
        out.write(file, start, pos - start);
      } else if (block == EXTENSION) {
        need(file, pos + 2);
        int label = file[pos + 1] & 0xff;
        int start = pos;
        pos = subBlocks(file, pos + 2);
        if (label != COMMENT && (label != APPLICATION || loops(file, start + 2))) {
          out.write(file, start, pos - start);
        }
      } else {
        throw new InvalidMediaException("the GIF file has an unknown block");
      }
    }
  }

  // The bytes of a colour table its flags byte announces.
  private static int colourTable(byte flags) {
    return (flags & 0x80) == 0 ? 0 : 3 * (1 << ((flags & 0x07) + 1));
  }

  // Skips sub-blocks from {@code pos} (each a length byte and that many bytes) to past their end.
  private static int subBlocks(byte[] file, int pos) throws InvalidMediaException {
    while (true) {
      need(file, pos + 1);
      int length = file[pos] & 0xff;
      pos += 1 + length;
      if (length == 0) {
        return pos;
      }
    }
  }

  // An application extension's identifier (its first sub-block) names the looping extension.
  private static boolean loops(byte[] file, int firstSubBlock) throws InvalidMediaException {
    need(file, firstSubBlock + 12);
    String id = ascii(file, firstSubBlock + 1, 11);
    return (file[firstSubBlock] & 0xff) == 11 && (id.equals("NETSCAPE2.0") || id.equals("ANIMEXTS1.0"));
  }

  private static void need(byte[] file, int end) throws InvalidMediaException {
    if (end > file.length) {
      throw new InvalidMediaException("the GIF file ends too early");
    }
  }

  private static String ascii(byte[] data, int at, int length) {
    return new String(data, at, length, StandardCharsets.ISO_8859_1);
  }
}
