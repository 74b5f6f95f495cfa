package org.plutro.server.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Files to upload in tests, built here byte by byte where the metadata matters. */
public final class TestImages {
  /** Text placed in the GPS block; a served file must not contain it. */
  public static final String GPS_MARKER = "PLUTRO-GPS-TEST";

  private TestImages() {}

  public static BufferedImage picture(int width, int height, boolean alpha) {
    BufferedImage image = new BufferedImage(width, height,
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int x = 0; x < width; x += Math.max(1, width / 16)) {
      g.setColor(new Color((x * 255 / width), 80, 255 - (x * 255 / width), alpha ? 128 : 255));
      g.fillRect(x, 0, Math.max(1, width / 16), height);
    }
    g.setColor(Color.WHITE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }

  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] jpeg(int width, int height) {
    return encode(picture(width, height, false), "jpeg");
  }

  /**
   * A JPEG with an EXIF segment right after SOI: IFD0 holds Orientation and a pointer to a GPS IFD
   * with latitude 48°51'29.5" N and a processing-method text carrying {@link #GPS_MARKER}.
   */
  public static byte[] jpegWithExif(int width, int height, int orientation) {
    byte[] marker = ("ASCII\0\0\0" + GPS_MARKER).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer tiff = ByteBuffer.allocate(256 + marker.length).order(ByteOrder.BIG_ENDIAN);
    tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    // IFD0 at 8: two entries, then next-IFD 0. Ends at 8 + 2 + 24 + 4 = 38.
    tiff.putShort((short) 2);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
    tiff.putInt(0);
    // GPS IFD at 38: three entries, then next-IFD 0. Ends at 38 + 2 + 36 + 4 = 80.
    tiff.putShort((short) 3);
    tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
    tiff.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(80);
    tiff.putShort((short) 0x001b).putShort((short) 7).putInt(marker.length).putInt(104);
    tiff.putInt(0);
    // Latitude rationals at 80 (24 bytes), then the processing method at 104.
    tiff.putInt(48).putInt(1).putInt(51).putInt(1).putInt(2950).putInt(100);
    tiff.put(marker);
    byte[] tiffBytes = java.util.Arrays.copyOf(tiff.array(), tiff.position());

    byte[] plain = jpeg(width, height);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xff);
    out.write(0xd8);
    int length = 2 + 6 + tiffBytes.length;
    out.write(0xff);
    out.write(0xe1);
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(tiffBytes);
    out.write(plain, 2, plain.length - 2);
    return out.toByteArray();
  }

  /** The markers of a JPEG's segments before the image data (0xE1 is APP1, where EXIF lives). */
  public static List<Integer> jpegSegments(byte[] jpeg) {
    List<Integer> markers = new ArrayList<>();
    int pos = 2;
    while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
      int marker = jpeg[pos + 1] & 0xff;
      markers.add(marker);
      if (marker == 0xda) {
        break;
      }
      pos += 2 + (((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff));
    }
    return markers;
  }

  public static boolean contains(byte[] data, String text) {
    return indexOf(data, text.getBytes(StandardCharsets.US_ASCII)) >= 0;
  }

  public static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * An animated GIF written with ImageIO: {@code frames} frames of 40 × 30 (the first red), looping
   * for ever (the {@code NETSCAPE2.0} extension), with a comment and an XMP application extension
   * that both carry {@link #GPS_MARKER}, as editors write them.
   */
  public static byte[] animatedGifWithComment(int frames) {
    try {
      javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (var output = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(output);
        writer.prepareWriteSequence(null);
        for (int i = 0; i < frames; i++) {
          BufferedImage frame = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
          Graphics2D g = frame.createGraphics();
          g.setColor(i == 0 ? Color.RED : Color.BLUE);
          g.fillRect(0, 0, 40, 30);
          g.dispose();
          javax.imageio.ImageTypeSpecifier type = javax.imageio.ImageTypeSpecifier.createFromRenderedImage(frame);
          javax.imageio.metadata.IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
          String format = metadata.getNativeMetadataFormatName();
          var root = (javax.imageio.metadata.IIOMetadataNode) metadata.getAsTree(format);
          var control = new javax.imageio.metadata.IIOMetadataNode("GraphicControlExtension");
          control.setAttribute("disposalMethod", "none");
          control.setAttribute("userInputFlag", "FALSE");
          control.setAttribute("transparentColorFlag", "FALSE");
          control.setAttribute("delayTime", "10");
          control.setAttribute("transparentColorIndex", "0");
          root.appendChild(control);
          if (i == 0) {
            var comments = new javax.imageio.metadata.IIOMetadataNode("CommentExtensions");
            var comment = new javax.imageio.metadata.IIOMetadataNode("CommentExtension");
            comment.setAttribute("value", "Shot at home " + GPS_MARKER);
            comments.appendChild(comment);
            root.appendChild(comments);
            var applications = new javax.imageio.metadata.IIOMetadataNode("ApplicationExtensions");
            var loop = new javax.imageio.metadata.IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0});
            applications.appendChild(loop);
            var xmp = new javax.imageio.metadata.IIOMetadataNode("ApplicationExtension");
            xmp.setAttribute("applicationID", "XMP Data");
            xmp.setAttribute("authenticationCode", "XMP");
            xmp.setUserObject(("<x:xmpmeta>" + GPS_MARKER + "</x:xmpmeta>").getBytes(StandardCharsets.US_ASCII));
            applications.appendChild(xmp);
            root.appendChild(applications);
          }
          metadata.setFromTree(format, root);
          writer.writeToSequence(new javax.imageio.IIOImage(frame, null, metadata), null);
        }
        writer.endWriteSequence();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file under {@code src/test/resources/media}, made with Pillow: {@code still.webp} (320 × 200,
   * lossy, with an EXIF chunk whose camera maker carries {@link #GPS_MARKER}), {@code animated.webp}
   * (64 × 48, three frames) and {@code animated.gif} (60 × 40, three frames).
   */
  public static byte[] fixture(String name) {
    try (var in = TestImages.class.getResourceAsStream("/media/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A real H.264 MP4 (jcodec's encoder): {@code frames} frames at 10 per second of
   * {@link #picture}, the first one red in its top-left corner, and a {@code udta} box in its
   * {@code moov} carrying a location ({@code ©xyz}) with {@link #GPS_MARKER}, as phones write.
   */
  public static byte[] mp4WithLocation(int width, int height, int frames) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("plutro-test", ".mp4");
      try {
        var encoder = org.jcodec.api.awt.AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 10);
        for (int i = 0; i < frames; i++) {
          BufferedImage frame = picture(width, height, false);
          Graphics2D g = frame.createGraphics();
          g.setColor(i == 0 ? Color.RED : Color.GREEN);
          g.fillRect(0, 0, width / 4, height / 4);
          g.dispose();
          encoder.encodeImage(frame);
        }
        encoder.finish();
        return withUdta(java.nio.file.Files.readAllBytes(file));
      } finally {
        java.nio.file.Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The MP4 as a phone filming upright writes it: the picture stored sideways and the video
   * track's header matrix turning it a quarter clockwise on playback.
   */
  public static byte[] turnedQuarterClockwise(byte[] mp4) {
    byte[] out = mp4.clone();
    int tkhd = indexOf(out, "tkhd".getBytes(StandardCharsets.US_ASCII));
    if (tkhd < 0) {
      throw new IllegalStateException("no tkhd box");
    }
    // After the type: version and flags, then times of 4 bytes (version 0) or 8 (version 1).
    int matrix = tkhd + 4 + (out[tkhd + 4] == 1 ? 52 : 40);
    ByteBuffer m = ByteBuffer.wrap(out);
    m.putInt(matrix, 0).putInt(matrix + 4, 0x10000).putInt(matrix + 12, -0x10000).putInt(matrix + 16, 0);
    return out;
  }

  // jcodec writes the moov box last, so a child appended to it moves no sample data.
  private static byte[] withUdta(byte[] mp4) {
    ByteBuffer in = ByteBuffer.wrap(mp4);
    int pos = 0;
    while (pos + 8 <= mp4.length) {
      long size = Integer.toUnsignedLong(in.getInt(pos));
      if (size == 1) {
        size = in.getLong(pos + 8); // a 64-bit size, as jcodec writes for mdat
      }
      String type = new String(mp4, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("moov")) {
        if (pos + size != mp4.length) {
          throw new IllegalStateException("moov is not the last box");
        }
        byte[] text = ("+48.8582+002.2945/" + GPS_MARKER).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer xyz = ByteBuffer.allocate(8 + 4 + text.length);
        xyz.putInt(xyz.capacity()).put(new byte[] {(byte) 0xa9, 'x', 'y', 'z'})
            .putShort((short) text.length).putShort((short) 0x15c7).put(text);
        ByteBuffer udta = ByteBuffer.allocate(8 + xyz.capacity());
        udta.putInt(udta.capacity()).put("udta".getBytes(StandardCharsets.US_ASCII)).put(xyz.array());
        ByteBuffer out = ByteBuffer.allocate(mp4.length + udta.capacity());
        out.put(mp4).put(udta.array());
        out.putInt(pos, (int) size + udta.capacity());
        return out.array();
      }
      pos += (int) size;
    }
    throw new IllegalStateException("no moov box");
  }

  /** An MP4 as far as its first bytes go: an ftyp box, then an mdat of filler. */
  public static byte[] mp4(int size) {
    ByteBuffer file = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
    file.putInt(24).put("ftypisom".getBytes(StandardCharsets.US_ASCII)).putInt(0x200)
        .put("isomiso2".getBytes(StandardCharsets.US_ASCII));
    file.putInt(size - 24).put("mdat".getBytes(StandardCharsets.US_ASCII));
    while (file.hasRemaining()) {
      file.put((byte) (file.position() * 31));
    }
    return file.array();
  }
}
