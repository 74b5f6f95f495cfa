package org.plutro.server.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Blanks an MP4's metadata boxes in place: {@code udta} and {@code meta} (where phones put GPS
 * positions, device names and software) and {@code uuid} (XMP) become {@code free} boxes of the
 * same size, filled with zeros. Nothing moves, so the sample offsets in {@code stco}/{@code co64}
 * stay right and no other box needs rewriting.
 */
final class Mp4Metadata {
  private static final Set<String> METADATA = Set.of("udta", "meta", "uuid");
  // Containers whose children are walked; the sample data ("mdat") is never read.
  private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf");

  private Mp4Metadata() {}

  /** Blanks the metadata boxes of the file at {@code mp4}; how many there were. */
  static int strip(Path mp4) throws IOException {
    try (FileChannel file = FileChannel.open(mp4, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return strip(file, 0, file.size());
    }
  }

  private static int strip(FileChannel file, long from, long to) throws IOException {
    int blanked = 0;
    long pos = from;
    ByteBuffer header = ByteBuffer.allocate(16);
    while (pos + 8 <= to) {
      header.clear().limit(8);
      if (file.read(header, pos) < 8) {
        break;
      }
      long size = Integer.toUnsignedLong(header.getInt(0));
      String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
      int headerSize = 8;
      if (size == 1) {
        header.clear().limit(8);
        if (file.read(header, pos + 8) < 8) {
          break;
        }
        size = header.getLong(0);
        headerSize = 16;
      } else if (size == 0) {
        size = to - pos; // runs to the end of its parent
      }
      if (size < headerSize || pos + size > to) {
        break; // malformed: leave the rest as it is
      }
      if (METADATA.contains(type)) {
        blank(file, pos, size, headerSize);
        blanked++;
      } else if (CONTAINERS.contains(type)) {
        blanked += strip(file, pos + headerSize, pos + size);
      }
      pos += size;
    }
    return blanked;
  }

  private static void blank(FileChannel file, long at, long size, int headerSize) throws IOException {
    file.write(ByteBuffer.wrap("free".getBytes(StandardCharsets.ISO_8859_1)), at + 4);
    ByteBuffer zeros = ByteBuffer.allocate(8192);
    for (long pos = at + headerSize; pos < at + size; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), at + size - pos));
      pos += file.write(zeros, pos);
    }
  }
}
