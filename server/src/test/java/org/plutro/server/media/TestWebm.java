package org.plutro.server.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * WebM files to upload in tests: the fixtures under {@code src/test/resources/media/webm}, which
 * Chromium recorded ({@code record.sh} there says how: one second of a 64 × 48 canvas at 10 frames
 * a second, its top-left corner red for the first half second, on blue), and the same with the
 * metadata a desktop tool writes, each carrying {@link #MARKER}.
 */
public final class TestWebm {
  /** Text put in every metadata element; a stored file must not contain it. */
  public static final String MARKER = TestImages.GPS_MARKER;

  static final int SEGMENT = 0x18538067;
  static final int INFO = 0x1549A966;
  static final int TRACKS = 0x1654AE6B;
  static final int TRACK_ENTRY = 0xAE;
  static final int CLUSTER = 0x1F43B675;
  static final int TAGS = 0x1254C367;

  private TestWebm() {}

  /** {@code vp8.webm}, {@code vp9.webm}, {@code av1.webm} or {@code vp8-live.webm}. */
  public static byte[] fixture(String name) {
    return TestImages.fixture("webm/" + name);
  }

  /**
   * The fixture (one with sizes known) rebuilt as mkvmerge would write it with a title: a seek
   * head naming the tags, a Title and DateUTC in its Info, a Name per track, then Tags,
   * Attachments and Chapters before the clusters. Cues are left out (their positions would move).
   */
  public static byte[] withMetadata(byte[] webm) {
    List<Element> top = elements(webm, 0, webm.length);
    Element header = top.get(0);
    Element segment = top.get(1);
    List<byte[]> body = new ArrayList<>();
    for (Element e : elements(webm, segment.dataStart, segment.end())) {
      switch (e.id) {
        case INFO -> body.add(element(INFO, concat(e.data(webm), string(0x7BA9, MARKER),
            element(0x4461, ByteBuffer.allocate(8).putLong(0).array()))));
        case TRACKS -> {
          List<byte[]> entries = new ArrayList<>();
          for (Element entry : elements(webm, e.dataStart, e.end())) {
            entries.add(element(TRACK_ENTRY, concat(entry.data(webm), string(0x536E, MARKER))));
          }
          body.add(element(TRACKS, concat(entries.toArray(byte[][]::new))));
          body.add(element(TAGS, element(0x7373, concat(element(0x63C0),
              element(0x67C8, concat(string(0x45A3, "COMMENT"), string(0x4487, MARKER)))))));
          body.add(element(0x1941A469, element(0x61A7, concat(string(0x466E, "notes.txt"),
              string(0x4660, "text/plain"), element(0x465C, MARKER.getBytes(StandardCharsets.UTF_8)),
              uint(0x46AE, 7)))));
          body.add(element(0x1043A770, element(0x45B9, element(0xB6, concat(uint(0x73C4, 1),
              uint(0x91, 0), element(0x80, string(0x85, MARKER)))))));
        }
        case CLUSTER -> body.add(e.whole(webm));
        default -> { } // seek head, cues, void
      }
    }
    // The seek head comes first and has a fixed size: the tags' position follows from it.
    int seekHeadLength = element(0x114D9B74, seek(0)).length;
    int tagsAt = seekHeadLength;
    for (byte[] part : body) {
      if (id(part) == TAGS) {
        break;
      }
      tagsAt += part.length;
    }
    body.add(0, element(0x114D9B74, seek(tagsAt)));
    return concat(header.whole(webm), element(SEGMENT, concat(body.toArray(byte[][]::new))));
  }

  /** The same file with its first bytes only: a WebM cut off in its tracks. */
  public static byte[] cutOff(byte[] webm, int length) {
    return java.util.Arrays.copyOf(webm, length);
  }

  private static byte[] seek(int tagsPosition) {
    return element(0x4DBB, concat(element(0x53AB, idBytes(TAGS)),
        element(0x53AC, ByteBuffer.allocate(4).putInt(tagsPosition).array())));
  }

  /** An element read from a file: its id and where it lies. */
  record Element(int id, int start, int dataStart, int size) {
    int end() {
      return dataStart + size;
    }

    byte[] data(byte[] file) {
      return java.util.Arrays.copyOfRange(file, dataStart, end());
    }

    byte[] whole(byte[] file) {
      return java.util.Arrays.copyOfRange(file, start, end());
    }
  }

  /** The elements between {@code from} and {@code to}, all of known size. */
  static List<Element> elements(byte[] file, int from, int to) {
    List<Element> list = new ArrayList<>();
    int pos = from;
    while (pos < to) {
      int idLength = Integer.numberOfLeadingZeros(file[pos] & 0xff) - 23;
      int id = 0;
      for (int i = 0; i < idLength; i++) {
        id = (id << 8) | (file[pos + i] & 0xff);
      }
      int sizeAt = pos + idLength;
      int sizeLength = Integer.numberOfLeadingZeros(file[sizeAt] & 0xff) - 23;
      long size = file[sizeAt] & (0xff >> sizeLength);
      for (int i = 1; i < sizeLength; i++) {
        size = (size << 8) | (file[sizeAt + i] & 0xff);
      }
      list.add(new Element(id, pos, sizeAt + sizeLength, (int) size));
      pos = sizeAt + sizeLength + (int) size;
    }
    return list;
  }

  /** An element: its id, its size in eight bytes, its data. */
  static byte[] element(int id, byte[]... data) {
    byte[] content = concat(data);
    ByteBuffer size = ByteBuffer.allocate(8).putLong(content.length);
    size.put(0, (byte) 0x01);
    return concat(idBytes(id), size.array(), content);
  }

  static byte[] string(int id, String text) {
    return element(id, text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] uint(int id, int value) {
    return element(id, ByteBuffer.allocate(4).putInt(value).array());
  }

  private static byte[] idBytes(int id) {
    int length = 4 - Integer.numberOfLeadingZeros(id) / 8;
    return java.util.Arrays.copyOfRange(ByteBuffer.allocate(4).putInt(id).array(), 4 - length, 4);
  }

  private static int id(byte[] element) {
    List<Element> parsed = elements(element, 0, element.length);
    return parsed.get(0).id;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
