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
  public static final Set<String> ALL = Set.of(MENTION, "status", REBLOG, FOLLOW, FOLLOW_REQUEST,
      FAVOURITE, "poll", UPDATE);

  private NotificationType() {}
}
