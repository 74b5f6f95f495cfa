package org.plutro.server.media;

import org.plutro.server.domain.PreviewCard;
import org.plutro.server.uri.RemoteMediaUrls;

/**
 * Where readers load a link preview's picture from: the one place the API and the pages ask. It
 * is our own copy of the picture (see {@link RemoteMediaUrls}), so that readers' browsers never
 * contact the linked site.
 */
public final class CardImages {
  private final RemoteMediaUrls remoteMedia;

  public CardImages(RemoteMediaUrls remoteMedia) {
    this.remoteMedia = remoteMedia;
  }

  /** The picture's address for readers, or null when the card has none. */
  public String url(PreviewCard card) {
    return card.imageUrl() == null ? null : remoteMedia.proxied(card.imageUrl(), RemoteMediaUrls.Kind.CARD);
  }
}
