package org.plutro.server.text;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.plutro.server.domain.PreviewCard;

/**
 * A linked page read for its preview, as Mastodon reads it: its OpenGraph and Twitter tags (the
 * {@code <title>} and description as fall-backs) and, when the page names one, its oEmbed
 * endpoint ({@code <link rel="alternate" type="application/json+oembed">}), whose answer is read
 * by {@link #fromOEmbed}. Players become an iframe we write ourselves, never the page's HTML.
 */
public final class CardPage {
  static final int MAX_TITLE = 500;
  static final int MAX_TEXT = 2000;
  private static final int MAX_SIZE = 10_000;
  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}$");

  /** What the page says: its card (empty if it says nothing) and its oEmbed endpoint, if any. */
  public record Read(PreviewCard card, Optional<URI> oEmbed) {}

  private CardPage() {}

  /** Reads a page fetched from {@code url}; {@code charset} from its Content-Type, or null. */
  public static Read read(byte[] body, String charset, String url) {
    Document page;
    try {
      page = Jsoup.parse(new ByteArrayInputStream(body), charset, url);
    } catch (IOException | RuntimeException e) {
      // An unknown charset: read as UTF-8.
      page = Jsoup.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8), url);
    }
    String title = first(meta(page, "og:title"), meta(page, "twitter:title"), page.title());
    String description = first(meta(page, "og:description"), meta(page, "twitter:description"),
        meta(page, "description"));
    String image = firstWeb(page, url, "og:image", "og:image:url", "og:image:secure_url",
        "twitter:image", "twitter:image:src");
    String player = firstWeb(page, url, "twitter:player");
    int width = size(meta(page, player != null ? "twitter:player:width" : "og:image:width"));
    int height = size(meta(page, player != null ? "twitter:player:height" : "og:image:height"));
    String author = meta(page, "author");
    PreviewCard card = new PreviewCard(url, player != null ? "video" : "link", cut(title, MAX_TITLE),
        cut(description, MAX_TEXT), cut(author.startsWith("http") ? "" : author, MAX_TITLE), "",
        cut(meta(page, "og:site_name"), MAX_TITLE), "",
        player != null ? iframe(player, width, height) : "", image, width, height, "",
        language(page), time(meta(page, "article:published_time")), null, null);
    Element oEmbed = page.selectFirst("link[rel~=(?i)alternate][type=application/json+oembed][href]");
    return new Read(card, oEmbed == null ? Optional.empty()
        : CardLinks.web(oEmbed.absUrl("href")));
  }

  /**
   * The card an oEmbed answer makes for the page {@code page} read before ({@code fallback}: its
   * description and anything oEmbed leaves out); empty when it makes none (a photo without its
   * address, a player without an iframe).
   */
  public static Optional<PreviewCard> fromOEmbed(JsonObject embed, URI endpoint, PreviewCard fallback) {
    String type = embed.getValue("type") instanceof String t ? t : "";
    String image = web(endpoint, embed.getValue("thumbnail_url"));
    int width = size(embed.getValue("width"));
    int height = size(embed.getValue("height"));
    String html = "";
    String embedUrl = "";
    switch (type) {
      case "link" -> {
        width = 0;
        height = 0;
      }
      case "photo" -> {
        embedUrl = web(endpoint, embed.getValue("url"));
        if (embedUrl == null) {
          return Optional.empty();
        }
        image = embedUrl;
      }
      case "video", "rich" -> {
        html = embed.getValue("html") instanceof String h ? playerOf(h, width, height) : "";
        if (html.isEmpty()) {
          return Optional.empty();
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    String title = embed.getValue("title") instanceof String t && !t.isBlank() ? t : fallback.title();
    return Optional.of(new PreviewCard(fallback.url(), type, cut(title, MAX_TITLE), fallback.description(),
        cut(text(embed.getValue("author_name")), MAX_TITLE), orEmpty(web(endpoint, embed.getValue("author_url"))),
        cut(first(text(embed.getValue("provider_name")), fallback.providerName()), MAX_TITLE),
        orEmpty(web(endpoint, embed.getValue("provider_url"))), html,
        image != null ? image : fallback.imageUrl(), width, height, embedUrl, fallback.language(),
        fallback.publishedAt(), null, null));
  }

  /** The first iframe of an oEmbed's HTML, rewritten with only what a player needs; "" if none. */
  static String playerOf(String html, int width, int height) {
    Element frame = Jsoup.parseBodyFragment(html).selectFirst("iframe[src]");
    if (frame == null) {
      return "";
    }
    Optional<URI> src = CardLinks.web(frame.attr("src"));
    return src.map(uri -> iframe(uri.toString(), width, height)).orElse("");
  }

  private static String iframe(String src, int width, int height) {
    Element frame = new Element("iframe").attr("src", src).attr("width", Integer.toString(width))
        .attr("height", Integer.toString(height)).attr("frameborder", "0").attr("allowfullscreen", "true");
    return frame.outerHtml();
  }

  private static String meta(Document page, String name) {
    Element tag = page.selectFirst("meta[property=" + name + "][content], meta[name=" + name + "][content]");
    return tag == null ? "" : tag.attr("content").strip();
  }

  /** The first of these tags that holds a web address (relative ones resolved against the page). */
  private static String firstWeb(Document page, String url, String... names) {
    for (String name : names) {
      String found = web(URI.create(url), meta(page, name));
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String web(URI base, Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      return null;
    }
    try {
      return CardLinks.web(base.resolve(s.strip()).toString()).map(URI::toString).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The page's language: {@code <html lang>}, else {@code og:locale}; only a plain language code. */
  private static String language(Document page) {
    String tag = first(page.selectFirst("html") == null ? "" : page.selectFirst("html").attr("lang"),
        meta(page, "og:locale"));
    String language = tag.split("[-_]")[0].toLowerCase(Locale.ROOT);
    return LANGUAGE.matcher(language).matches() ? language : null;
  }

  private static OffsetDateTime time(String value) {
    try {
      return value.isEmpty() ? null : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int size(Object value) {
    try {
      int size = value instanceof Number n ? n.intValue()
          : value instanceof String s && !s.isBlank() ? Integer.parseInt(s.strip()) : 0;
      return size < 0 || size > MAX_SIZE ? 0 : size;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return "";
  }

  private static String text(Object value) {
    return value instanceof String s ? s.strip() : "";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String cut(String value, int max) {
    String text = value == null ? "" : value.strip();
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }
}
