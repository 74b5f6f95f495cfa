package org.plutro.server.domain;

import java.util.Set;

/** The kinds of notification, with Mastodon's names. */
public final class NotificationType {
  public static final String MENTION = "mention";
  public static final String REBLOG = "reblog";
  public static final String FAVOURITE = "favourite";
  public static final String FOLLOW = "follow";
  public static final String FOLLOW_REQUEST = "follow_request";
  public static final String UPDATE = "update";
  /** Mastodon 4.5: a post of yours was quoted (the notification's status is the quote). */
  public static final String QUOTE = "quote";
  public static final Set<String> ALL = Set.of(MENTION, "status", REBLOG, FOLLOW, FOLLOW_REQUEST,
      FAVOURITE, "poll", UPDATE, QUOTE);

  private NotificationType() {}
}
