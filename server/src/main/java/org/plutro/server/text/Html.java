package org.plutro.server.text;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * HTML in and out: a member's plain text rendered to safe HTML, and HTML from other servers
 * cleaned with jsoup's allow-list (the tags Mastodon keeps), never with a home-made filter.
 */
public final class Html {
  private static final Safelist REMOTE = new RemoteSafelist();
  // Parsed once: jsoup parses a query string on every select(String).
  private static final Evaluator LINKS = QueryParser.parse("a");
  private static final Document.OutputSettings COMPACT = new Document.OutputSettings().prettyPrint(false);
  private static final String LINK_REL = "nofollow noopener noreferrer";
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]]");

  private Html() {}

  /** Cleans HTML from another server. */
  public static String sanitize(String html) {
    return html == null || html.isEmpty() ? "" : cleaned(html).html();
  }

  /** Cleans HTML from another server, and finds the links that may get a preview in the same pass. */
  public static CleanHtml clean(String html) {
    if (html == null || html.isEmpty()) {
      return new CleanHtml("", List.of());
    }
    Element body = cleaned(html);
    return new CleanHtml(body.html(), CardLinks.candidates(body));
  }

  /** The clean document's body; every link gets the {@code rel} jsoup's basic() list enforces. */
  private static Element cleaned(String html) {
    Document clean = new Cleaner(REMOTE).clean(Jsoup.parseBodyFragment(html));
    clean.outputSettings(COMPACT);
    for (Element link : clean.body().select(LINKS)) {
      link.attr("rel", "nofollow");
    }
    return clean.body();
  }

  /** A member's text as HTML: escaped, paragraphs and line breaks kept, links made clickable. */
  public static String render(String text) {
    return render(text, LINK_REL);
  }

  /**
   * A profile field's text as HTML: its links carry {@code rel="me"}, so that the page it names
   * can verify the profile the other way round (IndieAuth and Mastodon read it).
   */
  public static String renderField(String text) {
    return render(text, "me " + LINK_REL);
  }

  private static String render(String text, String rel) {
    StringBuilder html = new StringBuilder(text.length() + 32);
    for (String paragraph : text.strip().split("\\n\\s*\\n")) {
      html.append("<p>");
      String[] lines = paragraph.split("\\n");
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          html.append("<br>");
        }
        linkify(lines[i], rel, html);
      }
      html.append("</p>");
    }
    return html.toString();
  }

  private static void linkify(String line, String rel, StringBuilder html) {
    Matcher m = URL.matcher(line);
    int last = 0;
    while (m.find()) {
      html.append(escape(line.substring(last, m.start())));
      String url = escape(m.group());
      html.append("<a href=\"").append(url).append("\" rel=\"").append(rel).append("\" target=\"_blank\">")
          .append(url).append("</a>");
      last = m.end();
    }
    html.append(escape(line.substring(last)));
  }

  /** Escapes text and attribute values in HTML we write. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Plain text of HTML, for summaries and search. */
  public static String text(String html) {
    return html == null ? "" : Jsoup.parse(html).text();
  }
}
