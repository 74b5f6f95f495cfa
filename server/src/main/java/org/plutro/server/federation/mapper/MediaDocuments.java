package org.plutro.server.federation.mapper;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.uri.Uris;

/**
 * Attachments as ActivityStreams {@code Document}s in a Note's {@code attachment}, shaped as
 * Mastodon sends them. The Note's context must define {@link #CONTEXT_TERMS}.
 */
public final class MediaDocuments {
  /** The extension terms these documents use, to merge into the outgoing context. */
  public static final JsonObject CONTEXT_TERMS = new JsonObject()
      .put("toot", "http://joinmastodon.org/ns#")
      .put("blurhash", "toot:blurhash")
      .put("focalPoint", new JsonObject().put("@container", "@list").put("@id", "toot:focalPoint"));

  private MediaDocuments() {}

  public static JsonObject document(MediaAttachment media, Uris uris) {
    String url = media.isRemote() ? media.remoteUrl()
        : uris.mediaFile(MediaFiles.ORIGINAL, media.fileName());
    JsonObject document = new JsonObject()
        .put("type", "Document")
        .put("mediaType", media.contentType())
        .put("url", url)
        .put("name", media.description());
    if (media.blurhash() != null) {
      document.put("blurhash", media.blurhash());
    }
    if (media.focusX() != null && media.focusY() != null) {
      document.put("focalPoint", new JsonArray().add(media.focusX()).add(media.focusY()));
    }
    if (media.width() != null && media.height() != null) {
      document.put("width", media.width()).put("height", media.height());
    }
    return document;
  }

  public static JsonArray documents(List<MediaAttachment> media, Uris uris) {
    JsonArray array = new JsonArray();
    media.forEach(m -> array.add(document(m, uris)));
    return array;
  }
}
