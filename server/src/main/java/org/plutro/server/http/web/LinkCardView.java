package org.plutro.server.http.web;

import java.net.URI;
import org.plutro.server.domain.PreviewCard;
import org.plutro.server.media.CardImages;

/** A post's link preview as the pages show it: title, description, site, and its picture. */
public record LinkCardView(String url, String title, String description, String provider, String image) {

  public static LinkCardView of(PreviewCard card, CardImages images) {
    String provider = card.providerName().isBlank() ? host(card.url()) : card.providerName();
    return new LinkCardView(card.url(), card.title(), card.description(), provider,
        PostView.web(images.url(card), null));
  }

  private static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "" : host;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
