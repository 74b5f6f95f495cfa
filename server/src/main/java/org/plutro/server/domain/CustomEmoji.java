package org.plutro.server.domain;

import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * A custom emoji: ours ({@code domain} null; the image is our media file {@code fileName}, with a
 * still {@code staticFileName} when it moves) or another server's ({@code imageUrl} its image;
 * {@code copyVersion} names the copy we hold of it, and changes when the copy is fetched again;
 * null when we hold none or did not look).
 */
public record CustomEmoji(long id, String shortcode, String domain, String imageUrl,
    String fileName, String staticFileName, String mediaType, boolean visibleInPicker,
    String category, String uri, OffsetDateTime updatedAt, String copyVersion) {
  /** What a shortcode may be (Mastodon's), without its colons. */
  public static final Pattern SHORTCODE = Pattern.compile("[a-zA-Z0-9_]{2,64}");

  public boolean isLocal() {
    return domain == null;
  }

  /** The shortcode as texts and tags write it. */
  public String colonized() {
    return ":" + shortcode + ":";
  }

  public static boolean validShortcode(String shortcode) {
    return shortcode != null && SHORTCODE.matcher(shortcode).matches();
  }
}
