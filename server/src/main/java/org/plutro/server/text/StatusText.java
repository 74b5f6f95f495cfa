package org.plutro.server.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plutro.server.domain.Account;

/**
 * What a member typed, read the way Mastodon reads it: links, mentions ({@code @user},
 * {@code @user@host}, {@code @user@host:port}) and hashtags; and rendered to safe HTML with
 * Mastodon's markup for each. Everything else is escaped.
 */
public final class StatusText {
  /** A mention as typed; {@code host} is null for a bare {@code @user}. */
  public record MentionRef(String username, String host) {
    public String handle() {
      return host == null ? username : username + "@" + host;
    }
  }

  /** Mastodon counts every link as 23 characters, whatever its length. */
  static final int URL_WEIGHT = 23;
  // One scan finds all three, so a mention or hashtag inside a link stays part of the link.
  private static final Pattern TOKENS = Pattern.compile(
      "(?<url>https?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]])"
          + "|(?<![=/\\w@])@(?<user>[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)"
          + "(?:@(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?))?"
          + "|(?<![/)\\w&#])#(?<tag>[\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");

  private StatusText() {}

  /** The distinct mentions, in order of first appearance (hosts lower-cased). */
  public static List<MentionRef> mentions(String text) {
    Set<MentionRef> found = new LinkedHashSet<>();
    Matcher m = TOKENS.matcher(text);
    while (m.find()) {
      if (m.group("user") != null) {
        String host = m.group("host");
        found.add(new MentionRef(m.group("user"), host == null ? null : host.toLowerCase(Locale.ROOT)));
      }
    }
    return new ArrayList<>(found);
  }

  /** The distinct hashtags, normalised to lower case, without the '#'. */
  public static List<String> hashtags(String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = TOKENS.matcher(text);
    while (m.find()) {
      if (m.group("tag") != null) {
        found.add(normalizeTag(m.group("tag")));
      }
    }
    return new ArrayList<>(found);
  }

  /** Letters, digits, underscores and middle dots, with at least one that is not a digit. */
  private static final Pattern TAG_NAME = Pattern.compile("[\\p{L}\\p{N}\\p{M}_·]*[\\p{L}\\p{M}_·][\\p{L}\\p{N}\\p{M}_·]*");
  public static final int MAX_TAG_NAME = 100;

  /** A hashtag's name as the API accepts it (without the '#'). */
  public static boolean validTagName(String name) {
    return name != null && name.length() <= MAX_TAG_NAME && TAG_NAME.matcher(name).matches();
  }

  public static String normalizeTag(String name) {
    String bare = name.startsWith("#") ? name.substring(1) : name;
    return bare.toLowerCase(Locale.ROOT);
  }

  /** Length as Mastodon counts it: links weigh 23, a remote mention counts its username only. */
  public static int weightedLength(String text) {
    int length = 0;
    int last = 0;
    Matcher m = TOKENS.matcher(text);
    while (m.find()) {
      length += text.codePointCount(last, m.start());
      if (m.group("url") != null) {
        length += URL_WEIGHT;
      } else if (m.group("user") != null) {
        length += 1 + m.group("user").length();
      } else {
        length += text.codePointCount(m.start(), m.end());
      }
      last = m.end();
    }
    return length + text.codePointCount(last, text.length());
  }

  /**
   * The text as HTML: paragraphs and line breaks kept, links clickable, resolved mentions as
   * Mastodon's h-card links, hashtags linking to {@code tagsBase/name}. Unresolved mentions stay text.
   */
  public static String render(String text, Map<MentionRef, Account> mentioned, String tagsBase) {
    StringBuilder html = new StringBuilder(text.length() + 64);
    for (String paragraph : text.strip().split("\\n\\s*\\n")) {
      html.append("<p>");
      String[] lines = paragraph.split("\\n");
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          html.append("<br>");
        }
        renderLine(lines[i], mentioned, tagsBase, html);
      }
      html.append("</p>");
    }
    return html.toString();
  }

  private static void renderLine(String line, Map<MentionRef, Account> mentioned, String tagsBase,
      StringBuilder html) {
    Matcher m = TOKENS.matcher(line);
    int last = 0;
    while (m.find()) {
      html.append(Html.escape(line.substring(last, m.start())));
      if (m.group("url") != null) {
        String url = Html.escape(m.group("url"));
        html.append("<a href=\"").append(url)
            .append("\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\">")
            .append(url).append("</a>");
      } else if (m.group("user") != null) {
        String host = m.group("host");
        Account account = mentioned.get(new MentionRef(m.group("user"),
            host == null ? null : host.toLowerCase(Locale.ROOT)));
        if (account == null) {
          html.append(Html.escape(m.group()));
        } else {
          String href = account.url() != null ? account.url() : account.uri();
          html.append("<span class=\"h-card\" translate=\"no\"><a href=\"").append(Html.escape(href))
              .append("\" class=\"u-url mention\">@<span>").append(Html.escape(account.username()))
              .append("</span></a></span>");
        }
      } else {
        String tag = m.group("tag");
        html.append("<a href=\"").append(Html.escape(tagsBase + "/" + normalizeTag(tag)))
            .append("\" class=\"mention hashtag\" rel=\"tag\">#<span>").append(Html.escape(tag))
            .append("</span></a>");
      }
      last = m.end();
    }
    html.append(Html.escape(line.substring(last)));
  }
}
