package org.plutro.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;
import org.junit.jupiter.api.Test;

/** HTML from other servers: what cleaning keeps of it, and the links found while cleaning it. */
class HtmlTest {
  /** The list Plutro cleaned with before its links were checked without resolving them. */
  private static final Safelist JSOUP_CHECKED = Safelist.basic()
      .addTags("span", "br", "p", "del", "pre", "code", "em", "strong", "b", "i", "u", "ul", "ol",
          "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")
      .addAttributes("a", "href", "rel", "class", "translate")
      .addAttributes("span", "class", "translate")
      .addAttributes("ol", "start", "reversed")
      .addAttributes("li", "value")
      .addProtocols("a", "href", "http", "https", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher",
          "xmpp", "magnet", "gemini")
      .preserveRelativeLinks(false);

  private static final String MASTODON = "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://m.example/@ann\""
      + " class=\"u-url mention\">@<span>ann</span></a></span> look <a href=\"https://m.example/tags/owls\""
      + " class=\"mention hashtag\" rel=\"tag\">#<span>owls</span></a> at <a href=\"https://news.example/story#part\""
      + " target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span class=\"invisible\">https://"
      + "</span><span class=\"ellipsis\">news.example/story</span><span class=\"invisible\">#part</span></a>"
      + " and <a href=\"https://m.example/@ann/7\">her post</a></p>";

  private static final List<String> HREFS = List.of(
      "https://x.example/a", "HTTPS://X.example/A?b=1&c=2#d", " https://x.example/ ", "http://x.example:8080",
      "https://x.example/a/../b/./c", "https://user:pw@x.example/", "https://bücher.example/straße",
      "https://x.example/a b", "http://[::1]/", "https://x.example:99999/", "https://", "http:x",
      "mailto:ann@x.example", "MAILTO:ann@x.example", "xmpp:ann@x.example", "gemini://x.example/",
      "magnet:?xt=urn:btih:abc", "ipfs://bafy", "ftp://x.example/f", "gopher://x.example/",
      "javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)", "jav&#x09;ascript:alert(1)",
      "\u0001javascript:alert(1)", " javascript:alert(1)", "vbscript:msgbox", "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd", "//evil.example/x", "/relative", "relative", "?q=1", "#top", "", "tel:+123",
      "https://x.example/\"onmouseover=\"alert(1)");

  @Test
  void keepsWhatJsoupKeptWhenItCheckedTheLinks() {
    for (String href : HREFS) {
      String escaped = href.replace("&", "&amp;").replace("\"", "&quot;");
      for (String html : List.of("<a href=\"" + escaped + "\" class=\"u-url mention\" rel=\"me\">x</a>",
          "<p>a <a href=\"" + escaped + "\" onclick=\"alert(1)\">b</a></p>",
          "<blockquote cite=\"" + escaped + "\">q</blockquote><q cite=\"" + escaped + "\">q</q>",
          "<img src=\"" + escaped + "\"><iframe src=\"" + escaped + "\"></iframe>")) {
        assertEquals(jsoupChecked(html), Html.sanitize(html), html);
      }
    }
    for (String html : List.of(MASTODON, "<a>no href</a><a name=\"n\">x</a>", "<script>alert(1)</script><b>b</b>",
        "<p class=\"quote-inline\">RE: <a href=\"https://m.example/@ann/9\">link</a></p><p>hi</p>",
        "<a href=\"https://a.example/\"><div><a href=\"https://b.example/\">b</a></div></a>",
        "<ol start=\"3\" reversed><li value=\"4\">x</li></ol><h1>h</h1><del>d</del><pre><code>c</code></pre>",
        "<span class=\"h-card\"><a href=\"https://x.example/@a\">@a</a></span>", "<cite cite=\"https://x.example\">c</cite>",
        "plain text & <not a tag", "<a href=https://x.example/ rel=nofollow>x</a>")) {
      assertEquals(jsoupChecked(html), Html.sanitize(html), html);
    }
  }

  @Test
  void dropsRelativeAndScriptLinksAndKeepsMentions() {
    assertEquals("<p><a rel=\"nofollow\">here</a> <a rel=\"nofollow\">x</a> <a rel=\"nofollow\">y</a></p>",
        Html.sanitize("<p><a href=\"/@bob\">here</a> <a href=\"javascript:alert(1)\">x</a>"
            + " <a href=\"//evil.example/\">y</a></p>"));
    assertEquals("<span class=\"h-card\"><a href=\"https://m.example/@ann\" class=\"u-url mention\" rel=\"nofollow\">"
            + "@<span>ann</span></a></span>",
        Html.sanitize("<span class=\"h-card\"><a href=\"https://m.example/@ann\" class=\"u-url mention\">"
            + "@<span>ann</span></a></span>"));
  }

  @Test
  void findsThePreviewLinkOfTheCleanHtmlAsInTheHtmlStored() {
    CleanHtml clean = Html.clean(MASTODON);
    assertEquals(Html.sanitize(MASTODON), clean.html());
    assertEquals(Optional.of("https://news.example/story"), clean.cardLink(Set.of()));
    assertEquals(Optional.of("https://m.example/@ann/7"), clean.cardLink(Set.of("news.example")));
    for (String href : HREFS) {
      String html = "<p><a href=\"" + href.replace("&", "&amp;").replace("\"", "&quot;") + "\">x</a></p>";
      assertEquals(CardLinks.first(Html.sanitize(html), Set.of()), Html.clean(html).cardLink(Set.of()), html);
    }
    assertEquals(new CleanHtml("", List.of()), Html.clean(null));
  }

  private static String jsoupChecked(String html) {
    return Jsoup.clean(html, "", JSOUP_CHECKED, new Document.OutputSettings().prettyPrint(false));
  }
}
