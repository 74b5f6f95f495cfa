package org.plutro.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.plutro.server.domain.PreviewCard;

/** Which link gets a preview, and what a page and its oEmbed answer make of it. */
class CardPageTest {
  static final String PAGE = "https://news.example/story";

  @Test
  void theFirstLinkThatIsNeitherAMentionNorAHashtagNorOurs() {
    String mastodonHtml = "<p><span class=\"h-card\"><a href=\"https://m.example/@ann\" class=\"u-url mention\">"
        + "@<span>ann</span></a></span> <a href=\"https://m.example/tags/owls\" class=\"mention hashtag\""
        + " rel=\"tag\">#<span>owls</span></a> <a href=\"https://our.example/@bob/1\">ours</a>"
        + " <a href=\"mailto:x@example.org\">mail</a> <a href=\"https://news.example/story#part\">story</a>"
        + " <a href=\"https://later.example/\">later</a></p>";
    assertEquals(Optional.of("https://news.example/story"),
        CardLinks.first(mastodonHtml, Set.of("our.example")));
    String quote = "<p class=\"quote-inline\">RE: <a href=\"https://m.example/@ann/9\">link</a></p><p>hi</p>";
    assertEquals(Optional.empty(), CardLinks.first(quote, Set.of()));
    assertEquals(Optional.empty(), CardLinks.first("<a href=\"https://user:pw@x.example/\">x</a>", Set.of()));
    assertEquals(Optional.empty(), CardLinks.first("<a href=\"javascript:alert(1)\">x</a>", Set.of()));
    assertTrue(CardLinks.any("<a href=\"http://x.example:8080/a\">x</a>"));
  }

  @Test
  void openGraphTagsThenTwitterTagsThenTheTitle() {
    String html = "<html lang=\"pt-BR\"><head><meta charset=\"iso-8859-1\"><title>T\u00edtulo</title>"
        + "<meta name=\"twitter:description\" content=\"Twitter words\">"
        + "<meta name=\"twitter:image\" content=\"img/a.png\">"
        + "<meta name=\"twitter:player\" content=\"https://player.example/p/1\">"
        + "<meta name=\"twitter:player:width\" content=\"480\"><meta name=\"twitter:player:height\" content=\"270\">"
        + "</head></html>";
    CardPage.Read read = CardPage.read(html.getBytes(StandardCharsets.ISO_8859_1), null, PAGE);
    PreviewCard card = read.card();
    assertEquals("T\u00edtulo", card.title(), "the page's own charset is honoured");
    assertEquals("Twitter words", card.description());
    assertEquals("https://news.example/img/a.png", card.imageUrl());
    assertEquals("video", card.type());
    assertEquals("<iframe src=\"https://player.example/p/1\" width=\"480\" height=\"270\" frameborder=\"0\""
        + " allowfullscreen=\"true\"></iframe>", card.html());
    assertEquals("pt", card.language());
    assertEquals(Optional.empty(), read.oEmbed());
  }

  @Test
  void oEmbedPhotosNeedTheirAddressAndRichNeedsAnIframe() {
    PreviewCard tags = CardPage.read("<title>Tags</title><meta name=description content=Words>"
        .getBytes(StandardCharsets.UTF_8), "utf-8", PAGE).card();
    URI endpoint = URI.create("https://news.example/oembed");
    PreviewCard photo = CardPage.fromOEmbed(new JsonObject().put("type", "photo").put("url", "/p.jpg")
        .put("width", "300").put("height", 200), endpoint, tags).orElseThrow();
    assertEquals("https://news.example/p.jpg", photo.imageUrl());
    assertEquals("https://news.example/p.jpg", photo.embedUrl());
    assertEquals(300, photo.width());
    assertEquals("Tags", photo.title());
    assertEquals("Words", photo.description());
    assertEquals(Optional.empty(), CardPage.fromOEmbed(new JsonObject().put("type", "photo"), endpoint, tags));
    assertEquals(Optional.empty(), CardPage.fromOEmbed(new JsonObject().put("type", "rich")
        .put("html", "<script src=\"https://x.example/embed.js\"></script>"), endpoint, tags));
    assertEquals(Optional.empty(), CardPage.fromOEmbed(new JsonObject().put("type", "nonsense"), endpoint, tags));
  }
}
