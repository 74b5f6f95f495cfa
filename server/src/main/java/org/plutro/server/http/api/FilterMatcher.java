package org.plutro.server.http.api;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.plutro.server.domain.Filter;
import org.plutro.server.domain.Filter.Keyword;

/**
 * Which of a member's filters match a status in a context, as Mastodon decides it: keywords
 * case-insensitively in the text and content warning (whole words when asked), or the status
 * itself. Gives the {@code filtered} array of the Status entity; applying it is the timelines'.
 */
public final class FilterMatcher {
  private FilterMatcher() {}

  public static JsonArray filtered(List<Filter> filters, String context, long statusId,
      String contentHtml, String spoilerText) {
    String text = Jsoup.parse(contentHtml == null ? "" : contentHtml).text() + "\n"
        + (spoilerText == null ? "" : spoilerText);
    JsonArray results = new JsonArray();
    for (Filter filter : filters) {
      if (filter.expired() || !filter.context().contains(context)) {
        continue;
      }
      List<String> keywordMatches = new ArrayList<>();
      for (Keyword keyword : filter.keywords()) {
        if (pattern(keyword).matcher(text).find()) {
          keywordMatches.add(keyword.keyword());
        }
      }
      List<String> statusMatches = filter.statuses().stream()
          .filter(s -> s.statusId() == statusId).map(s -> Long.toString(s.statusId())).toList();
      if (!keywordMatches.isEmpty() || !statusMatches.isEmpty()) {
        results.add(FilterEntity.result(filter, keywordMatches, statusMatches));
      }
    }
    return results;
  }

  /** Whole words: a boundary only where the keyword itself starts or ends with a word character. */
  static Pattern pattern(Keyword keyword) {
    String quoted = Pattern.quote(keyword.keyword());
    int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
    if (!keyword.wholeWord()) {
      return Pattern.compile(quoted, flags);
    }
    String word = keyword.keyword();
    String start = !word.isEmpty() && isWord(word.codePointAt(0)) ? "(?<![\\w])" : "";
    String end = !word.isEmpty() && isWord(word.codePointBefore(word.length())) ? "(?![\\w])" : "";
    return Pattern.compile(start + quoted + end, flags);
  }

  private static boolean isWord(int codePoint) {
    return Character.isLetterOrDigit(codePoint) || codePoint == '_';
  }
}
