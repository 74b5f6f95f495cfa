package org.plutro.server.domain;

import java.time.OffsetDateTime;
import java.util.List;

/** A member's filter group (Mastodon's CustomFilter) with its keywords and statuses. */
public record Filter(long id, long accountId, String title, List<String> context, String action,
    OffsetDateTime expiresAt, List<Keyword> keywords, List<FilteredStatus> statuses) {

  public static final List<String> CONTEXTS = List.of("home", "notifications", "public", "thread",
      "account");
  public static final List<String> ACTIONS = List.of("warn", "hide", "blur");

  public record Keyword(long id, long filterId, String keyword, boolean wholeWord) {}

  public record FilteredStatus(long id, long filterId, long statusId) {}

  public boolean expired() {
    return expiresAt != null && expiresAt.isBefore(OffsetDateTime.now());
  }
}
