package org.plutro.server.http.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plutro.server.service.PrivacyPolicy;
import org.plutro.server.text.Html;

/**
 * An operator's privacy policy as safe HTML: an HTML file cleaned with the allow-list; a text file
 * as paragraphs; a Markdown file as paragraphs, headings ({@code #}), lists ({@code -}, {@code *},
 * {@code 1.}) and links ({@code [text](https://...)} and bare addresses). Everything else in it is
 * shown as written, never interpreted.
 */
public final class PolicyText {
  private static final Pattern LINK = Pattern.compile(
      "\\[([^\\]\\n]+)\\]\\((https?://[^)\\s]+)\\)|(https?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]])");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
  private static final Pattern BULLET = Pattern.compile("^\\s*[-*+]\\s+(.*)$");
  private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+[.)]\\s+(.*)$");

  private PolicyText() {}

  public static String html(PrivacyPolicy.Text policy) {
    String html = switch (policy.format()) {
      case HTML -> policy.text();
      case TEXT -> Html.render(policy.text());
      case MARKDOWN -> markdown(policy.text());
    };
    return Html.sanitize(html);
  }

  static String markdown(String text) {
    StringBuilder html = new StringBuilder(text.length() + 256);
    for (String block : text.strip().split("\\n\\s*\\n")) {
      String[] lines = block.strip().split("\\n");
      Matcher heading = HEADING.matcher(lines[0].strip());
      if (lines.length == 1 && heading.matches()) {
        int level = Math.min(6, heading.group(1).length() + 1);
        html.append("<h").append(level).append('>').append(inline(heading.group(2)))
            .append("</h").append(level).append('>');
      } else if (all(lines, BULLET) || all(lines, NUMBERED)) {
        boolean bullets = all(lines, BULLET);
        html.append(bullets ? "<ul>" : "<ol>");
        for (String line : lines) {
          Matcher item = (bullets ? BULLET : NUMBERED).matcher(line);
          item.matches();
          html.append("<li>").append(inline(item.group(1))).append("</li>");
        }
        html.append(bullets ? "</ul>" : "</ol>");
      } else {
        html.append("<p>");
        for (int i = 0; i < lines.length; i++) {
          html.append(i > 0 ? "<br>" : "").append(inline(lines[i].strip()));
        }
        html.append("</p>");
      }
    }
    return html.toString();
  }

  private static boolean all(String[] lines, Pattern pattern) {
    for (String line : lines) {
      if (!pattern.matcher(line).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Escaped text with its links made links. */
  private static String inline(String text) {
    StringBuilder html = new StringBuilder(text.length() + 32);
    Matcher m = LINK.matcher(text);
    int last = 0;
    while (m.find()) {
      html.append(Html.escape(text.substring(last, m.start())));
      String url = m.group(2) != null ? m.group(2) : m.group(3);
      String label = m.group(1) != null ? m.group(1) : url;
      html.append("<a href=\"").append(Html.escape(url)).append("\" rel=\"nofollow noopener\">")
          .append(Html.escape(label)).append("</a>");
      last = m.end();
    }
    return html.append(Html.escape(text.substring(last))).toString();
  }
}
