package org.plutro.server.http.web.settings;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.plutro.server.domain.Filter;

/**
 * A filter's form: its title, where it applies, what it does, when it ends, and its keywords
 * (the ones it has, then a few empty rows for new ones). {@code id} is null for a new filter.
 */
public record FilterForm(Long id, String title, List<String> context, String action,
    String expiresIn, String expiresNow, List<KeywordRow> keywords) {

  /** One keyword row; {@code id} null for a new one. */
  public record KeywordRow(int index, Long id, String keyword, boolean wholeWord) {
    public int number() {
      return index + 1;
    }
  }

  /** A filter as the list shows it. */
  public record Listed(long id, String title, String where, String action, String expiry,
      String keywords) {}

  static final int NEW_ROWS = 3;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

  public static final List<Choice> CONTEXTS = List.of(
      new Choice("home", "Home timeline and lists"),
      new Choice("notifications", "Notifications"),
      new Choice("public", "Public timelines"),
      new Choice("thread", "Conversations"),
      new Choice("account", "Profiles"));
  public static final List<Choice> ACTIONS = List.of(
      new Choice("warn", "Hide behind a warning"),
      new Choice("blur", "Blur pictures and videos only"),
      new Choice("hide", "Hide completely"));
  public static final List<Choice> EXPIRIES = List.of(
      new Choice("", "Never"),
      new Choice("1800", "In 30 minutes"),
      new Choice("3600", "In 1 hour"),
      new Choice("21600", "In 6 hours"),
      new Choice("43200", "In 12 hours"),
      new Choice("86400", "In 1 day"),
      new Choice("604800", "In 1 week"));
  /** The expiry option of an edited filter that keeps what it has. */
  public static final String KEEP = "keep";

  public static FilterForm blank() {
    return new FilterForm(null, "", List.of("home", "notifications", "public", "thread", "account"),
        "warn", "", null, rows(List.of()));
  }

  public static FilterForm of(Filter filter) {
    List<KeywordRow> existing = new ArrayList<>();
    for (Filter.Keyword keyword : filter.keywords()) {
      existing.add(new KeywordRow(existing.size(), keyword.id(), keyword.keyword(), keyword.wholeWord()));
    }
    return new FilterForm(filter.id(), filter.title(), filter.context(), filter.action(), KEEP,
        expiry(filter), rows(existing));
  }

  /** The form as it was sent, shown again with its errors. */
  public static FilterForm sent(Long id, String title, List<String> context, String action,
      String expiresIn, String expiresNow, List<Map<String, String>> items) {
    List<KeywordRow> sent = new ArrayList<>();
    for (Map<String, String> item : items) {
      String keywordId = item.get("id");
      if ((keywordId == null || keywordId.isBlank()) && blank(item.get("keyword"))) {
        continue;
      }
      sent.add(new KeywordRow(sent.size(), id(keywordId), item.getOrDefault("keyword", ""),
          "1".equals(item.get("whole_word"))));
    }
    return new FilterForm(id, title == null ? "" : title, context, action, expiresIn, expiresNow,
        rows(sent));
  }

  public static Listed listed(Filter filter) {
    List<String> where = new ArrayList<>();
    for (Choice choice : CONTEXTS) {
      if (filter.context().contains(choice.value())) {
        where.add(choice.label());
      }
    }
    String action = ACTIONS.stream().filter(c -> c.value().equals(filter.action())).findFirst()
        .map(Choice::label).orElse(filter.action());
    List<String> words = filter.keywords().stream().map(Filter.Keyword::keyword).toList();
    String keywords = words.isEmpty() ? "No keywords" : String.join(", ", words);
    if (!filter.statuses().isEmpty()) {
      keywords += " · " + filter.statuses().size() + (filter.statuses().size() == 1 ? " post" : " posts");
    }
    String ends = filter.expiresAt() == null ? "Never" : filter.expired() ? "Already ended"
        : WHEN.format(filter.expiresAt().withOffsetSameInstant(ZoneOffset.UTC));
    return new Listed(filter.id(), filter.title(), String.join(", ", where), action, ends, keywords);
  }

  /** "Never ends", "Ends 3 May 2025, 14:00 UTC" or "Ended": the end an edit may keep. */
  static String expiry(Filter filter) {
    if (filter.expiresAt() == null) {
      return "Never ends";
    }
    return filter.expired() ? "Ended"
        : "Ends " + WHEN.format(filter.expiresAt().withOffsetSameInstant(ZoneOffset.UTC));
  }

  public boolean applies(String context) {
    return this.context.contains(context);
  }

  private static List<KeywordRow> rows(List<KeywordRow> filled) {
    List<KeywordRow> all = new ArrayList<>(filled);
    for (int i = 0; i < NEW_ROWS; i++) {
      all.add(new KeywordRow(all.size(), null, "", true));
    }
    return all;
  }

  private static Long id(String value) {
    try {
      return value == null || value.isBlank() ? null : Long.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
