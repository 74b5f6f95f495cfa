package org.plutro.server.federation.mapper;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.uri.Uris;

/**
 * Attachments as ActivityStreams {@code Document}s in a Note's {@code attachment}, shaped as
 * Mastodon sends them ({@link Activities#CONTEXT} defines their extension terms).
 */
public final class MediaDocuments {
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
