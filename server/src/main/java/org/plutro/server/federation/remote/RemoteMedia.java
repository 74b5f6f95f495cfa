package org.plutro.server.federation.remote;

import org.plutro.server.domain.MediaAttachment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.plutro.server.store.MediaStore.Linked;

/**
 * A remote Note's {@code attachment}s as media rows that link to the remote files (never copied).
 * Only http(s) URLs, at most four, as Mastodon takes them; anything unreadable is skipped.
 */
public final class RemoteMedia {
  private static final int MAX_DESCRIPTION = MediaAttachment.MAX_DESCRIPTION;

  private RemoteMedia() {}

  /** The Note's attachments, in its order. */
  public static List<Linked> parse(JsonObject note) {
    Object value = note.getValue("attachment");
    JsonArray items = value instanceof JsonArray array ? array
        : value instanceof JsonObject one ? new JsonArray().add(one) : new JsonArray();
    List<Linked> linked = new ArrayList<>();
    for (Object item : items) {
      if (linked.size() == MediaAttachment.MAX_PER_POST) {
        break;
      }
      if (!(item instanceof JsonObject doc) || "PropertyValue".equals(doc.getValue("type"))) {
        continue;
      }
      String url = url(doc.getValue("url"));
      if (url == null) {
        continue;
      }
      String mediaType = doc.getValue("mediaType") instanceof String s ? s : null;
      String name = doc.getValue("name") instanceof String s && !s.isBlank() ? s : null;
      if (name != null && name.length() > MAX_DESCRIPTION) {
        name = name.substring(0, MAX_DESCRIPTION);
      }
      String blurhash = doc.getValue("blurhash") instanceof String s && s.matches("[0-9A-Za-z#$%*+,\\-.:;=?@\\[\\]^_{|}~]{6,100}") ? s : null;
      Double[] focus = focus(doc.getValue("focalPoint"));
      linked.add(new Linked(type(mediaType, doc.getValue("type")), mediaType, url, name, blurhash,
          dimension(doc.getValue("width")), dimension(doc.getValue("height")), focus[0], focus[1]));
    }
    return linked;
  }

  // Mastodon's type from the media type, else from the ActivityStreams type.
  static String type(String mediaType, Object asType) {
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

  private static String url(Object value) {
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        String found = url(item);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    String url = value instanceof String s ? s
        : value instanceof JsonObject link && link.getValue("href") instanceof String h ? h : null;
    if (url == null || url.length() > 2048) {
      return null;
    }
    try {
      String scheme = URI.create(url).getScheme();
      return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme) ? url : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Integer dimension(Object value) {
    return value instanceof Number n && n.intValue() > 0 && n.intValue() < 100_000 ? n.intValue() : null;
  }

  private static Double[] focus(Object value) {
    if (value instanceof JsonArray array && array.size() == 2 && array.getValue(0) instanceof Number x
        && array.getValue(1) instanceof Number y && Math.abs(x.doubleValue()) <= 1
        && Math.abs(y.doubleValue()) <= 1) {
      return new Double[] {x.doubleValue(), y.doubleValue()};
    }
    return new Double[] {null, null};
  }
}
