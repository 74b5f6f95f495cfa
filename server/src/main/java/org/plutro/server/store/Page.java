package org.plutro.server.store;

/**
 * Mastodon's id-based pagination: {@code max_id} (older than), {@code since_id} (newer than,
 * newest first), {@code min_id} (newer than, oldest first — for walking forward), {@code limit}.
 */
public record Page(Long maxId, Long sinceId, Long minId, int limit) {
  public static final int DEFAULT_LIMIT = 20;

  public static Page of(String maxId, String sinceId, String minId, String limit, int max) {
    int parsed = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        parsed = Math.max(1, Math.min(max, Integer.parseInt(limit)));
      } catch (NumberFormatException ignored) {
        // Mastodon ignores a limit it cannot read.
      }
    }
    return new Page(id(maxId), id(sinceId), id(minId), parsed);
  }

  /** Ascending order is used only to walk forward from min_id. */
  public boolean ascending() {
    return minId != null;
  }

  /** Lower and upper bounds (exclusive) for the SQL: id > lower AND id < upper. */
  public long lower() {
    return minId != null ? minId : sinceId != null ? sinceId : 0L;
  }

  public long upper() {
    return maxId != null ? maxId : Long.MAX_VALUE;
  }

  public static Long id(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
