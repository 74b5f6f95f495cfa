package org.plutro.server.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Filter;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.FilterStore.Changes;
import org.plutro.server.store.FilterStore.KeywordChange;

/**
 * What a filter may be, as Mastodon validates it (v2 filters API and the settings page): a title,
 * at least one known context, an action, and an expiry in seconds from now (none: never).
 */
public final class FilterRules {
  private FilterRules() {}

  /**
   * The filter's fields, validated; on update ({@code existing} not null) a null title, action or
   * context keeps what the filter has, and a null {@code expiresIn} keeps its expiry (blank: never).
   */
  public static Changes changes(String title, List<String> context, String action, String expiresIn,
      Filter existing) {
    if (existing != null) {
      title = title == null ? existing.title() : title;
      context = context == null ? existing.context() : context;
      action = action == null ? existing.action() : action;
    }
    if (action == null || action.isBlank()) {
      action = "warn";
    }
    if (!Filter.ACTIONS.contains(action)) {
      throw new ServiceException(422, "'" + action + "' is not a valid filter_action");
    }
    ValidationErrors errors = new ValidationErrors();
    if (title == null || title.isBlank()) {
      errors.add("title", "ERR_BLANK", "can't be blank");
    }
    List<String> contexts = context == null ? List.of() : context;
    validateContext(contexts, errors);
    Integer seconds = expiresIn(expiresIn, errors);
    errors.throwIfAny();
    return new Changes(title.trim(), List.copyOf(contexts), action,
        existing == null || expiresIn != null, seconds);
  }

  public static void validateContext(List<String> context, ValidationErrors errors) {
    if (context.isEmpty()) {
      errors.add("context", "ERR_BLANK", "can't be blank");
    }
    if (context.isEmpty() || !Filter.CONTEXTS.containsAll(context)) {
      errors.add("context", "ERR_INVALID", "None or invalid context supplied");
    }
  }

  /** Seconds from now; blank means never. */
  public static Integer expiresIn(String value, ValidationErrors errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds <= 0) {
        errors.add("expires_in", "ERR_INVALID", "must be greater than 0");
      }
      return seconds;
    } catch (NumberFormatException e) {
      errors.add("expires_in", "ERR_INVALID", "is not a number");
      return null;
    }
  }

  /**
   * Rails' {@code keywords_attributes}, each item's {@code id}, {@code keyword},
   * {@code whole_word} and {@code _destroy}; on create an {@code id} is a 404, as in Mastodon.
   */
  public static List<KeywordChange> keywordChanges(List<Map<String, String>> items, boolean creating) {
    List<KeywordChange> changes = new ArrayList<>();
    ValidationErrors errors = new ValidationErrors();
    for (Map<String, String> item : items) {
      String id = item.get("id");
      boolean destroy = isTrue(item.get("_destroy"));
      if (id != null && !id.isBlank()) {
        if (creating) {
          throw ServiceException.notFound("Record not found");
        }
        changes.add(new KeywordChange(parseId(id), item.get("keyword"),
            item.containsKey("whole_word") ? isTrue(item.get("whole_word")) : null, destroy));
        continue;
      }
      if (destroy) {
        continue;
      }
      String keyword = item.get("keyword");
      if (keyword == null || keyword.isBlank()) {
        errors.add("keywords.keyword", "ERR_BLANK", "can't be blank");
        continue;
      }
      changes.add(new KeywordChange(null, keyword,
          item.containsKey("whole_word") ? isTrue(item.get("whole_word")) : null, false));
    }
    errors.throwIfAny();
    return changes;
  }

  private static long parseId(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ServiceException.notFound("Record not found");
    }
  }

  private static boolean isTrue(String value) {
    return value != null && switch (value.trim().toLowerCase()) {
      case "true", "1", "on", "t", "yes" -> true;
      default -> false;
    };
  }
}
