package org.plutro.server.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Reads a WebM (Matroska's EBML elements) and blanks its metadata in place: the segment's
 * {@code Tags}, {@code Attachments} and {@code Chapters}, the {@code Title}, {@code MuxingApp},
 * {@code WritingApp} and {@code DateUTC} of its {@code Info}, each track's {@code Name}, and the
 * {@code SeekHead} entries that pointed at what was blanked. Each becomes a {@code Void} element
 * of the same length, filled with zeros: nothing moves, so the cues' and seek heads' positions
 * stay right. On the way it learns the video track's codec, size and frame rate, the length, and
 * the first key frame. Files as browsers record them (segment and clusters of unknown size, no
 * duration) are read too. A file we cannot read up to its tracks is refused.
 */
final class WebmFile {
  /** What the container says; the numbers are null when it does not say. */
  record Info(String videoCodec, Integer width, Integer height, Double duration, Double frameRate,
      byte[] firstKeyFrame) {}

  private static final int EBML = 0x1A45DFA3;
  private static final int DOC_TYPE = 0x4282;
  private static final int SEGMENT = 0x18538067;
  private static final int SEEK_HEAD = 0x114D9B74;
  private static final int SEEK = 0x4DBB;
  private static final int SEEK_ID = 0x53AB;
  private static final int INFO = 0x1549A966;
  private static final int TIMECODE_SCALE = 0x2AD7B1;
  private static final int DURATION = 0x4489;
  private static final int TRACKS = 0x1654AE6B;
  private static final int TRACK_ENTRY = 0xAE;
  private static final int TRACK_NUMBER = 0xD7;
  private static final int TRACK_TYPE = 0x83;
  private static final int CODEC_ID = 0x86;
  private static final int DEFAULT_DURATION = 0x23E383;
  private static final int VIDEO = 0xE0;
  private static final int PIXEL_WIDTH = 0xB0;
  private static final int PIXEL_HEIGHT = 0xBA;
  private static final int CLUSTER = 0x1F43B675;
  private static final int TIMECODE = 0xE7;
  private static final int BLOCK_GROUP = 0xA0;
  private static final int BLOCK = 0xA1;
  private static final int SIMPLE_BLOCK = 0xA3;
  private static final int VOID = 0xEC;
  private static final int VIDEO_TRACK = 1;

  // Blanked wherever they are met: segment-level metadata, and the Info's and tracks' texts.
  private static final Set<Integer> METADATA = Set.of(0x1254C367 /* Tags */,
      0x1941A469 /* Attachments */, 0x1043A770 /* Chapters */, 0x7BA9 /* Title */,
      0x4D80 /* MuxingApp */, 0x5741 /* WritingApp */, 0x4461 /* DateUTC */, 0x536E /* Name */);
  // Elements read whole (never the media data); larger ones are not what a recorder writes.
  private static final int MAX_HEADER_ELEMENT = 1 << 20;
  private static final int MAX_KEY_FRAME = 16 << 20;
  private static final long UNKNOWN = -1;

  private final FileChannel file;
  private final long fileSize;

  private long timecodeScale = 1_000_000;
  private Double durationTicks;
  private long videoTrack = -1;
  private String videoCodec;
  private Integer width;
  private Integer height;
  private Long frameNanos;
  private boolean tracksSeen;
  private long clusterTime;
  private long firstVideoTime = Long.MAX_VALUE;
  private long lastVideoTime = Long.MIN_VALUE;
  private long lastTime = Long.MIN_VALUE;
  private long videoBlocks;
  private byte[] firstKeyFrame;

  private WebmFile(FileChannel file) throws IOException {
    this.file = file;
    this.fileSize = file.size();
  }

  /** Blanks the metadata of the WebM at {@code webm} and says what it holds. */
  static Info strip(Path webm) throws IOException, InvalidMediaException {
    try (FileChannel file = FileChannel.open(webm, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return new WebmFile(file).read();
    }
  }

  /** An element's place: its id, where its header and its data start, its data's size. */
  private record Element(int id, long start, long dataStart, long size) {
    long end() {
      return dataStart + size;
    }

    boolean unknownSize() {
      return size == UNKNOWN;
    }
  }

  private Info read() throws IOException, InvalidMediaException {
    Element header = element(0, fileSize);
    if (header == null || header.id() != EBML || header.unknownSize()) {
      throw new InvalidMediaException("The WebM file could not be read");
    }
    if (!"webm".equals(docType(header))) {
      throw new InvalidMediaException("Only WebM videos are accepted, not other Matroska files");
    }
    Element segment = element(header.end(), fileSize);
    if (segment == null || segment.id() != SEGMENT) {
      throw new InvalidMediaException("The WebM file could not be read");
    }
    // A segment of unknown size (a recording streamed as it was made) runs to the end of the file.
    long end = segment.unknownSize() ? fileSize : Math.min(segment.end(), fileSize);
    readSegment(segment.dataStart(), end);
    if (!tracksSeen) {
      throw new InvalidMediaException("The WebM file has no tracks");
    }
    return new Info(videoCodec, width, height, durationSeconds(), frameRate(), firstKeyFrame);
  }

  /**
   * The segment's elements in order. Clusters and block groups are entered rather than skipped,
   * so that one loop reads them whether or not their size is known (a cluster of unknown size
   * ends where the next segment-level element starts, and each id belongs to one level only).
   */
  private void readSegment(long from, long end) throws IOException, InvalidMediaException {
    long pos = from;
    while (pos < end) {
      Element e = element(pos, end);
      if (e == null || (e.unknownSize() && e.id() != CLUSTER)) {
        if (tracksSeen) {
          return; // a cut-off or damaged end: keep what plays
        }
        throw new InvalidMediaException("The WebM file is damaged");
      }
      if (e.id() == CLUSTER || e.id() == BLOCK_GROUP) {
        pos = e.dataStart();
        continue;
      }
      if (e.end() > end) {
        if (tracksSeen) {
          return;
        }
        throw new InvalidMediaException("The WebM file is cut off");
      }
      switch (e.id()) {
        case INFO -> readInfo(e);
        case TRACKS -> readTracks(e);
        case SEEK_HEAD -> blankSeeksToMetadata(e);
        case TIMECODE -> clusterTime = uint(e);
        case SIMPLE_BLOCK, BLOCK -> readBlock(e);
        default -> {
          if (METADATA.contains(e.id())) {
            blank(e);
          }
        }
      }
      pos = e.end();
    }
  }

  private void readInfo(Element info) throws IOException, InvalidMediaException {
    for (Element e : children(info)) {
      if (e.id() == TIMECODE_SCALE) {
        timecodeScale = uint(e);
      } else if (e.id() == DURATION) {
        double ticks = floatValue(e);
        durationTicks = ticks > 0 && Double.isFinite(ticks) ? ticks : null;
      } else if (METADATA.contains(e.id())) {
        blank(e);
      }
    }
    if (timecodeScale <= 0) {
      throw new InvalidMediaException("The WebM file is damaged");
    }
  }

  private void readTracks(Element tracks) throws IOException, InvalidMediaException {
    for (Element entry : children(tracks)) {
      if (entry.id() != TRACK_ENTRY) {
        continue;
      }
      tracksSeen = true;
      long number = -1;
      long type = -1;
      String codec = null;
      Long defaultDuration = null;
      Element video = null;
      for (Element e : children(entry)) {
        switch (e.id()) {
          case TRACK_NUMBER -> number = uint(e);
          case TRACK_TYPE -> type = uint(e);
          case CODEC_ID -> codec = string(e);
          case DEFAULT_DURATION -> defaultDuration = uint(e);
          case VIDEO -> video = e;
          default -> {
            if (METADATA.contains(e.id())) {
              blank(e);
            }
          }
        }
      }
      if (type == VIDEO_TRACK && videoTrack < 0 && video != null) {
        videoTrack = number;
        videoCodec = codec;
        frameNanos = defaultDuration != null && defaultDuration > 0 ? defaultDuration : null;
        for (Element e : children(video)) {
          if (e.id() == PIXEL_WIDTH) {
            width = positiveInt(uint(e));
          } else if (e.id() == PIXEL_HEIGHT) {
            height = positiveInt(uint(e));
          }
        }
      }
    }
  }

  private void blankSeeksToMetadata(Element seekHead) throws IOException, InvalidMediaException {
    for (Element seek : children(seekHead)) {
      if (seek.id() != SEEK) {
        continue;
      }
      for (Element e : children(seek)) {
        if (e.id() == SEEK_ID && e.size() <= 4 && METADATA.contains((int) uint(e))) {
          blank(seek);
        }
      }
    }
  }

  /** A block: track number, time relative to its cluster, flags, then the frame. */
  private void readBlock(Element block) throws IOException {
    if (block.size() < 4) {
      return;
    }
    ByteBuffer head = read(block.dataStart(), (int) Math.min(block.size(), 12));
    int trackLength = vintLength(head.get(0));
    if (trackLength > 8 || head.limit() < trackLength + 3) {
      return;
    }
    long track = vint(head, 0, trackLength);
    long time = clusterTime + head.getShort(trackLength);
    lastTime = Math.max(lastTime, time);
    if (track != videoTrack) {
      return;
    }
    videoBlocks++;
    firstVideoTime = Math.min(firstVideoTime, time);
    lastVideoTime = Math.max(lastVideoTime, time);
    int flags = head.get(trackLength + 2) & 0xff;
    boolean laced = (flags & 0x06) != 0;
    // A SimpleBlock says whether it is a key frame; a Block in a group is one when it is the
    // first (a recording starts with one), and the decoder checks the frame's own header.
    boolean key = block.id() == BLOCK || (flags & 0x80) != 0;
    long frameSize = block.size() - trackLength - 3;
    if (firstKeyFrame == null && key && !laced && frameSize > 0 && frameSize <= MAX_KEY_FRAME) {
      ByteBuffer frame = read(block.dataStart() + trackLength + 3, (int) frameSize);
      firstKeyFrame = frame.array();
    }
  }

  private Double durationSeconds() {
    double nanos;
    if (durationTicks != null) {
      nanos = durationTicks * timecodeScale;
    } else if (lastTime > Long.MIN_VALUE) {
      // No duration written (a streamed recording): the last frame's time plus one frame.
      nanos = (double) lastTime * timecodeScale + (frameNanos != null ? frameNanos
          : averageFrameNanos() != null ? averageFrameNanos() : 0);
    } else {
      return null;
    }
    return nanos > 0 ? Math.round(nanos / 1e6) / 1e3 : null;
  }

  private Double frameRate() {
    Double nanos = frameNanos != null ? Double.valueOf(frameNanos) : averageFrameNanos();
    return nanos == null || nanos <= 0 ? null : Math.round(1e9 / nanos * 100) / 100.0;
  }

  // Recorders leave the frame duration out: the frames' times tell it.
  private Double averageFrameNanos() {
    if (videoBlocks < 2 || lastVideoTime <= firstVideoTime) {
      return null;
    }
    return (double) (lastVideoTime - firstVideoTime) * timecodeScale / (videoBlocks - 1);
  }

  private String docType(Element header) throws IOException, InvalidMediaException {
    for (Element e : children(header)) {
      if (e.id() == DOC_TYPE) {
        return string(e);
      }
    }
    return null;
  }

  // ---- EBML ----

  /** The element whose header starts at {@code pos}, or null if none fits before {@code end}. */
  private Element element(long pos, long end) throws IOException {
    if (pos >= end) {
      return null;
    }
    ByteBuffer head = read(pos, (int) Math.min(12, end - pos));
    int idLength = vintLength(head.get(0));
    if (idLength > 4 || head.limit() < idLength + 1) {
      return null;
    }
    int id = (int) vintRaw(head, 0, idLength);
    int sizeLength = vintLength(head.get(idLength));
    if (sizeLength > 8 || head.limit() < idLength + sizeLength) {
      return null;
    }
    long size = vint(head, idLength, sizeLength);
    if (size == (1L << (7 * sizeLength)) - 1) {
      size = UNKNOWN;
    }
    return new Element(id, pos, pos + idLength + sizeLength, size);
  }

  /** The children of a master element of known size, which must lie inside it. */
  private java.util.List<Element> children(Element parent) throws IOException, InvalidMediaException {
    if (parent.unknownSize() || parent.size() > MAX_HEADER_ELEMENT) {
      throw new InvalidMediaException("The WebM file is damaged");
    }
    java.util.List<Element> children = new java.util.ArrayList<>();
    for (long pos = parent.dataStart(); pos < parent.end(); ) {
      Element e = element(pos, parent.end());
      if (e == null || e.unknownSize() || e.end() > parent.end()) {
        throw new InvalidMediaException("The WebM file is damaged");
      }
      children.add(e);
      pos = e.end();
    }
    return children;
  }

  /** Turns the element into a Void of the same length, its content zeros. */
  private void blank(Element e) throws IOException {
    long length = e.end() - e.start();
    ByteBuffer header;
    if (length >= 9) {
      header = ByteBuffer.allocate(9).put((byte) VOID).put((byte) 0x01);
      long size = length - 9;
      for (int shift = 48; shift >= 0; shift -= 8) {
        header.put((byte) (size >>> shift));
      }
    } else {
      header = ByteBuffer.allocate(2).put((byte) VOID).put((byte) (0x80 | (length - 2)));
    }
    file.write(header.flip(), e.start());
    ByteBuffer zeros = ByteBuffer.allocate(8192);
    for (long pos = e.start() + header.limit(); pos < e.end(); ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), e.end() - pos));
      pos += file.write(zeros, pos);
    }
  }

  private ByteBuffer read(long pos, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(length, fileSize - pos)));
    while (buffer.hasRemaining()) {
      if (file.read(buffer, pos + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.flip();
  }

  private long uint(Element e) throws IOException, InvalidMediaException {
    if (e.size() > 8) {
      throw new InvalidMediaException("The WebM file is damaged");
    }
    ByteBuffer data = read(e.dataStart(), (int) e.size());
    long value = 0;
    while (data.hasRemaining()) {
      value = (value << 8) | (data.get() & 0xff);
    }
    return value;
  }

  private double floatValue(Element e) throws IOException, InvalidMediaException {
    ByteBuffer data = read(e.dataStart(), (int) Math.min(e.size(), 8));
    if (e.size() == 4 && data.limit() == 4) {
      return data.getFloat(0);
    }
    if (e.size() == 8 && data.limit() == 8) {
      return data.getDouble(0);
    }
    throw new InvalidMediaException("The WebM file is damaged");
  }

  private String string(Element e) throws IOException {
    ByteBuffer data = read(e.dataStart(), (int) Math.min(e.size(), 256));
    return new String(data.array(), 0, data.limit(), StandardCharsets.US_ASCII).replace("\0", "");
  }

  private static Integer positiveInt(long value) {
    return value > 0 && value <= Integer.MAX_VALUE ? (int) value : null;
  }

  /** How many bytes a variable-length integer takes, from its first byte (9: none valid). */
  private static int vintLength(byte first) {
    int leadingZeros = Integer.numberOfLeadingZeros(first & 0xff) - 24;
    return leadingZeros + 1;
  }

  // The id keeps its length marker; a size drops it.
  private static long vintRaw(ByteBuffer buffer, int at, int length) {
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = (value << 8) | (buffer.get(at + i) & 0xff);
    }
    return value;
  }

  private static long vint(ByteBuffer buffer, int at, int length) {
    return vintRaw(buffer, at, length) & ((1L << (7 * length)) - 1);
  }
}
