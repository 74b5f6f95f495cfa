package org.plutro.server.federation.remote;

import org.plutro.server.domain.MediaAttachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.plutro.federation.vocab.Link;
import org.plutro.federation.vocab.Media;
import org.plutro.server.store.MediaStore.Linked;

/**
 * A remote Note's {@code attachment}s as media rows that link to the remote files (never copied).
 * Only http(s) URLs, at most four, as Mastodon takes them; anything unreadable is skipped.
 */
public final class RemoteMedia {
  private static final int MAX_DESCRIPTION = MediaAttachment.MAX_DESCRIPTION;
  private static final int MAX_URL = 2048;
  private static final Pattern BLURHASH = Pattern.compile("[0-9A-Za-z#$%*+,\\-.:;=?@\\[\\]^_{|}~]{6,100}");

  private RemoteMedia() {}

  /** The Note's attachments that are files, in its order. */
  public static List<Linked> parse(List<Media> attachments) {
    List<Linked> linked = new ArrayList<>();
    for (Media media : attachments) {
      if (linked.size() == MediaAttachment.MAX_PER_POST) {
        break;
      }
      String url = isFile(media) ? url(media) : null;
      if (url == null) {
        continue;
      }
      String name = media.name() != null && !media.name().isBlank() ? media.name() : null;
      if (name != null && name.length() > MAX_DESCRIPTION) {
        name = name.substring(0, MAX_DESCRIPTION);
      }
      String blurhash = media.blurhash() != null && BLURHASH.matcher(media.blurhash()).matches()
          ? media.blurhash() : null;
      Media.FocalPoint focus = media.focalPoint() != null && Math.abs(media.focalPoint().x()) <= 1
          && Math.abs(media.focalPoint().y()) <= 1 ? media.focalPoint() : null;
      linked.add(new Linked(type(media.mediaType(), media.type()), media.mediaType(), url, name, blurhash,
          dimension(media.width()), dimension(media.height()), focus == null ? null : focus.x(),
          focus == null ? null : focus.y()));
    }
    return linked;
  }

  /**
   * Whether an attachment is a file: not a {@code Link} (Lemmy attaches a link post's page so),
   * nor a profile field, nor a bare URL that says nothing of what it is.
   */
  private static boolean isFile(Media media) {
    String type = media.type();
    if ("Link".equals(type) || "PropertyValue".equals(type)) {
      return false;
    }
    return type != null || media.mediaType() != null;
  }

  // Mastodon's type from the media type, else from the ActivityStreams type.
  static String type(String mediaType, String asType) {
    String media = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    if (media.startsWith("image/")) {
      return "image";
    }
    if (media.startsWith("video/")) {
      return "video";
    }
    if (media.startsWith("audio/")) {
      return "audio";
    }
    return switch (String.valueOf(asType)) {
      case "Image" -> "image";
      case "Video" -> "video";
      case "Audio" -> "audio";
      default -> "unknown";
    };
  }

  /** The first http(s) URL of the file that is not too long to keep. */
  private static String url(Media media) {
    for (Link link : media.url()) {
      if (link.isHttp() && link.href().length() <= MAX_URL) {
        return link.href();
      }
    }
    return null;
  }

  private static Integer dimension(Integer value) {
    return value != null && value > 0 && value < 100_000 ? value : null;
  }
}
