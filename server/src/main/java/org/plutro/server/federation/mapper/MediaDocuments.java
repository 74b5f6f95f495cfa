package org.plutro.server.federation.mapper;

import java.util.List;
import org.plutro.federation.vocab.Media;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.uri.Uris;

/** Attachments as ActivityStreams {@code Document}s in a Note's {@code attachment}, shaped as Mastodon sends them. */
public final class MediaDocuments {
  private MediaDocuments() {}

  public static Media document(MediaAttachment media, Uris uris) {
    String url = media.isRemote() ? media.remoteUrl()
        : uris.mediaFile(MediaFiles.ORIGINAL, media.fileName());
    Media.FocalPoint focus = media.focusX() != null && media.focusY() != null
        ? new Media.FocalPoint(media.focusX(), media.focusY()) : null;
    // The size is written whole or not at all.
    boolean sized = media.width() != null && media.height() != null;
    return Media.document(media.contentType(), url, media.description(), media.blurhash(), focus,
        sized ? media.width() : null, sized ? media.height() : null);
  }

  public static List<Media> documents(List<MediaAttachment> media, Uris uris) {
    return media.stream().map(m -> document(m, uris)).toList();
  }
}
