package org.plutro.server.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Mastodon's OAuth scopes (4.3): {@code read}, {@code write}, {@code follow}, {@code push},
 * {@code profile}, {@code admin:read}, {@code admin:write} and their granular scopes. A top-level
 * scope grants its granular ones; the deprecated {@code follow} grants the relationship scopes
 * ({@code read:follows}, {@code write:blocks}, ...), as Mastodon's controllers accept it.
 */
public final class Scopes {
  /** Every scope, in the order Mastodon lists them in its authorization server metadata. */
  public static final List<String> ALL = List.of("read", "write", "write:accounts", "write:blocks",
      "write:bookmarks", "write:conversations", "write:favourites", "write:filters",
      "write:follows", "write:lists", "write:media", "write:mutes", "write:notifications",
      "write:reports", "write:statuses", "read:accounts", "read:blocks", "read:bookmarks",
      "read:favourites", "read:filters", "read:follows", "read:lists", "read:mutes",
      "read:notifications", "read:search", "read:statuses", "follow", "push", "profile",
      "admin:read", "admin:read:accounts", "admin:read:reports", "admin:read:domain_allows",
      "admin:read:domain_blocks", "admin:read:ip_blocks", "admin:read:email_domain_blocks",
      "admin:read:canonical_email_blocks", "admin:write", "admin:write:accounts",
      "admin:write:reports", "admin:write:domain_allows", "admin:write:domain_blocks",
      "admin:write:ip_blocks", "admin:write:email_domain_blocks",
      "admin:write:canonical_email_blocks");
  private static final Set<String> KNOWN = Set.copyOf(ALL);
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
    return KNOWN.contains(scope);
  }

  /** Whether a token holding {@code granted} may do what needs any one of {@code needed}. */
  public static boolean allows(Collection<String> granted, String... needed) {
    for (String need : needed) {
      if (granted.contains(need) || granted.contains(parent(need))) {
        return true;
      }
      if (granted.contains("follow") && FOLLOW.contains(need)) {
        return true;
      }
    }
    return false;
  }

  /** {@code read:statuses} → {@code read}, {@code admin:read:accounts} → {@code admin:read}. */
  static String parent(String scope) {
    int last = scope.lastIndexOf(':');
    if (last < 0 || scope.equals("admin:read") || scope.equals("admin:write")) {
      return scope;
    }
    return scope.substring(0, last);
  }

  /** Scopes requested of a token must be known and within the app's registered scopes. */
  public static boolean within(Collection<String> requested, Collection<String> appScopes) {
    for (String scope : requested) {
      if (!isKnown(scope) || !allows(appScopes, scope)) {
        return false;
      }
    }
    return true;
  }
}
