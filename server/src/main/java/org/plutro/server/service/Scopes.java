package org.plutro.server.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Mastodon's OAuth scopes: {@code read}, {@code write}, {@code follow}, {@code push},
 * {@code profile}, {@code admin:read}/{@code admin:write}, and the granular ones
 * ({@code read:statuses}, {@code write:follows}, ...). A top-level scope grants its granular ones.
 */
public final class Scopes {
  private static final Set<String> TOP = Set.of("read", "write", "follow", "push", "profile",
      "admin:read", "admin:write");
  private static final Set<String> READ = Set.of("accounts", "blocks", "bookmarks", "favourites",
      "filters", "follows", "lists", "mutes", "notifications", "search", "statuses");
  private static final Set<String> WRITE = Set.of("accounts", "blocks", "bookmarks",
      "conversations", "favourites", "filters", "follows", "lists", "media", "mutes",
      "notifications", "reports", "statuses");
  private static final Set<String> FOLLOW = Set.of("read:blocks", "write:blocks", "read:follows",
      "write:follows", "read:mutes", "write:mutes");

  private Scopes() {}

  /** Splits a space- or plus-separated scope string; empty means Mastodon's default, {@code read}. */
  public static List<String> parse(String value) {
    if (value == null || value.isBlank()) {
      return List.of("read");
    }
    return new ArrayList<>(new LinkedHashSet<>(Arrays.asList(value.trim().split("[\\s+]+"))));
  }

  public static boolean isKnown(String scope) {
    if (TOP.contains(scope)) {
      return true;
    }
    int colon = scope.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String kind = scope.substring(0, colon);
    String what = scope.substring(colon + 1);
    return switch (kind) {
      case "read" -> READ.contains(what);
      case "write" -> WRITE.contains(what);
      case "admin" -> what.startsWith("read:") || what.startsWith("write:");
      default -> false;
    };
  }

  /** Whether a token holding {@code granted} may do what needs any one of {@code needed}. */
  public static boolean allows(Collection<String> granted, String... needed) {
    for (String need : needed) {
      if (granted.contains(need)) {
        return true;
      }
      int colon = need.indexOf(':');
      if (colon > 0 && !need.startsWith("admin:") && granted.contains(need.substring(0, colon))) {
        return true;
      }
      if (need.startsWith("admin:") && need.indexOf(':', 6) > 0
          && granted.contains(need.substring(0, need.indexOf(':', 6)))) {
        return true;
      }
      if (granted.contains("follow") && FOLLOW.contains(need)) {
        return true;
      }
    }
    return false;
  }

  /** Scopes requested of a token must be within the app's registered scopes. */
  public static boolean within(Collection<String> requested, Collection<String> appScopes) {
    for (String scope : requested) {
      if (!allows(appScopes, scope)) {
        return false;
      }
    }
    return true;
  }
}
