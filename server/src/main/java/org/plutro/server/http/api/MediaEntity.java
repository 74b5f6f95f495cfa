package org.plutro.server.http.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.uri.Uris;

/** Mastodon's {@code MediaAttachment} entity. */
public final class MediaEntity {
  private MediaEntity() {}

  public static JsonObject of(MediaAttachment media, Uris uris) {
    String url;
    String previewUrl;
    if (media.isRemote()) {
      // At our address (copied here, or fetched when first asked for): a reader's app never
      // contacts the origin. remote_url stays the origin.
      url = uris.remoteMedia().proxied(media.remoteUrl(), RemoteMediaUrls.Kind.ATTACHMENT);
      previewUrl = "image".equals(media.type()) || "gifv".equals(media.type())
          ? uris.remoteMedia().preview(media.remoteUrl(), RemoteMediaUrls.Kind.ATTACHMENT) : null;
    } else {
      url = uris.mediaFile(MediaFiles.ORIGINAL, media.fileName());
      previewUrl = media.previewName() != null ? uris.mediaFile(MediaFiles.SMALL, media.previewName())
          // An image we could not make a preview of (WebP) previews as itself.
          : "image".equals(media.type()) ? url : null;
    }
    JsonObject meta = new JsonObject();
    if (media.width() != null && media.height() != null) {
      meta.put("original", size(media.width(), media.height()));
    }
    if (media.duration() != null) {
      // Mastodon's video meta: the length in seconds, here and in "original".
      meta.put("length", length(media.duration())).put("duration", media.duration());
      meta.getJsonObject("original", new JsonObject()).put("duration", media.duration());
    }
    if (media.frameRate() != null && meta.containsKey("original")) {
      meta.getJsonObject("original").put("frame_rate", frameRate(media.frameRate()));
    }
    if (media.previewWidth() != null && media.previewHeight() != null) {
      meta.put("small", size(media.previewWidth(), media.previewHeight()));
    }
    if (media.focusX() != null && media.focusY() != null) {
      meta.put("focus", new JsonObject().put("x", media.focusX()).put("y", media.focusY()));
    }
    return new JsonObject()
        .put("id", Long.toString(media.id()))
        .put("type", media.type())
        .put("url", url)
        .put("preview_url", previewUrl)
        .put("remote_url", media.remoteUrl())
        .put("preview_remote_url", null)
        .put("text_url", null)
        .put("meta", meta)
        .put("description", media.description())
        .put("blurhash", media.blurhash());
  }

  public static JsonArray of(List<MediaAttachment> media, Uris uris) {
    JsonArray array = new JsonArray();
    media.forEach(m -> array.add(of(m, uris)));
    return array;
  }

  private static String length(double seconds) {
    long whole = (long) seconds;
    return String.format(java.util.Locale.ROOT, "%d:%02d:%02d.%02d", whole / 3600, whole / 60 % 60,
        whole % 60, Math.round((seconds - whole) * 100) % 100);
  }

  /** As ffprobe writes it, which Mastodon passes on: "30/1", "30000/1001". */
  static String frameRate(double perSecond) {
    long whole = Math.round(perSecond);
    if (Math.abs(perSecond - whole) < 0.01) {
      return whole + "/1";
    }
    long ntsc = Math.round(perSecond * 1.001);
    if (Math.abs(perSecond * 1.001 - ntsc) < 0.01) {
      return ntsc * 1000 + "/1001";
    }
    return Math.round(perSecond * 100) + "/100";
  }

  private static JsonObject size(int width, int height) {
    return new JsonObject().put("width", width).put("height", height)
        .put("size", width + "x" + height).put("aspect", width / (double) height);
  }
}
