package org.plutro.server.media;

import org.plutro.server.domain.PreviewCard;

/**
 * Where readers load a link preview's picture from: the one place the API and the pages ask.
 * Today the picture's own address; a cache of remote media served from our own URLs (so that
 * readers' browsers never contact the linked site) replaces it here.
 */
public final class CardImages {
  /** The picture's address for readers, or null when the card has none. */
  public String url(PreviewCard card) {
    return card.imageUrl();
  }
}
