package org.plutro.server.text;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.FieldAudience;

/**
 * Custom emoji in text: the {@code :shortcode:}s a text names (as Mastodon finds them: not glued
 * to a letter, digit or colon), and HTML with each known one shown as a small image.
 */
public final class EmojiCodes {
  /** A text naming more distinct shortcodes than this has the rest left as text. */
  public static final int MAX_PER_TEXT = 50;
  private static final Pattern CODE =
      Pattern.compile("(?<=^|[^\\p{Alnum}:]):([a-zA-Z0-9_]{2,64}):(?=[^\\p{Alnum}:]|$)");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private EmojiCodes() {}

  /** The shortcodes (without colons) the texts name, in order, at most {@link #MAX_PER_TEXT}. */
  public static Set<String> in(String... texts) {
    Set<String> codes = new LinkedHashSet<>();
    for (String text : texts) {
      if (text == null || text.indexOf(':') < 0) {
        continue;
      }
      Matcher m = CODE.matcher(text);
      while (m.find() && codes.size() < MAX_PER_TEXT) {
        codes.add(m.group(1));
      }
    }
    return codes;
  }

  /** The shortcodes a profile names: in its name, bio, and the fields everyone sees. */
  public static Set<String> inProfile(Account account) {
    List<String> texts = new ArrayList<>(List.of(account.displayName(), account.note()));
    for (Object field : account.fields()) {
      if (field instanceof JsonObject f && FieldAudience.of(f) == FieldAudience.EVERYONE) {
        texts.add(f.getString("name"));
        texts.add(f.getString("value"));
      }
    }
    return in(texts.toArray(String[]::new));
  }

  /**
   * The HTML with each {@code :shortcode:} that {@code imageOf} knows (an image URL; null when
   * unknown) replaced by an image whose text is the shortcode; only in text, never inside a tag.
   */
  public static String html(String html, Function<String, String> imageOf) {
    if (html == null || html.indexOf(':') < 0) {
      return html;
    }
    StringBuilder out = new StringBuilder(html.length() + 64);
    Matcher tags = TAG.matcher(html);
    int last = 0;
    while (tags.find()) {
      replace(html.substring(last, tags.start()), imageOf, out);
      out.append(tags.group());
      last = tags.end();
    }
    replace(html.substring(last), imageOf, out);
    return out.toString();
  }

  private static void replace(String text, Function<String, String> imageOf, StringBuilder out) {
    Matcher m = CODE.matcher(text);
    int last = 0;
    while (m.find()) {
      String url = imageOf.apply(m.group(1));
      if (url == null) {
        continue;
      }
      String code = Html.escape(m.group());
      out.append(text, last, m.start()).append("<img class=\"emoji\" src=\"").append(Html.escape(url))
          .append("\" alt=\"").append(code).append("\" title=\"").append(code)
          .append("\" width=\"20\" height=\"20\" draggable=\"false\">");
      last = m.end();
    }
    out.append(text, last, text.length());
  }
}
