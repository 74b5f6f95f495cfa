package org.plutro.server.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The file formats we accept, recognised by their first bytes ("magic numbers") only: never by
 * the file name or the Content-Type a client claims, which anyone can fake.
 */
public enum MediaFormat {
  JPEG("image/jpeg", "jpg", true),
  PNG("image/png", "png", true),
  GIF("image/gif", "gif", true),
  WEBP("image/webp", "webp", true),
  MP4("video/mp4", "mp4", false),
  WEBM("video/webm", "webm", false);

  /** How many leading bytes {@link #detect} needs. */
  public static final int SNIFF_BYTES = 64;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] EBML = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3};
  // ISO base media brands of MP4 video. HEIF/AVIF images share the container and are refused.
  private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso3", "iso4", "iso5",
      "iso6", "mp41", "mp42", "avc1", "M4V ", "M4VP", "dash", "mmp4", "msnv");

  private final String mimeType;
  private final String extension;
  private final boolean image;

  MediaFormat(String mimeType, String extension, boolean image) {
    this.mimeType = mimeType;
    this.extension = extension;
    this.image = image;
  }

  public String mimeType() {
    return mimeType;
  }

  public String extension() {
    return extension;
  }

  public boolean isImage() {
    return image;
  }

  /** Mastodon's attachment type. */
  public String attachmentType() {
    return image ? "image" : "video";
  }

  public static Optional<MediaFormat> byExtension(String extension) {
    return Arrays.stream(values()).filter(f -> f.extension.equals(extension)).findFirst();
  }

  /** The format the bytes are in, if it is one we accept. */
  public static Optional<MediaFormat> detect(byte[] head) {
    if (startsWith(head, 0, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, 0, PNG_SIGNATURE)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, 0, ascii("GIF87a")) || startsWith(head, 0, ascii("GIF89a"))) {
      return Optional.of(GIF);
    }
    if (startsWith(head, 0, ascii("RIFF")) && startsWith(head, 8, ascii("WEBP"))) {
      return Optional.of(WEBP);
    }
    if (startsWith(head, 4, ascii("ftyp")) && head.length >= 12
        && MP4_BRANDS.contains(new String(head, 8, 4, StandardCharsets.ISO_8859_1))) {
      return Optional.of(MP4);
    }
    if (startsWith(head, 0, EBML) && contains(head, ascii("webm"))) {
      return Optional.of(WEBM);
    }
    return Optional.empty();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    if (data.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  // The EBML header names its DocType ("webm" or "matroska") within its first few dozen bytes.
  private static boolean contains(byte[] data, byte[] needle) {
    for (int i = 0; i + needle.length <= data.length; i++) {
      if (startsWith(data, i, needle)) {
        return true;
      }
    }
    return false;
  }
}
