package org.plutro.server.http.web;

import java.util.List;
import org.plutro.server.domain.NotificationType;

/**
 * One line of {@code /notifications}: a group ("Ann and 3 others liked your post") or a single
 * notification, with the post it is about as an excerpt and where to read it.
 */
public record NotificationView(long newestId, String type, boolean unread, List<AccountLink> accounts,
    int others, PostExcerpt post, String link, String when) {
  /** How many of a group's accounts are named; the rest are counted. */
  static final int NAMED = 2;

  /** What happened, after the names: "liked your post". */
  public String verb() {
    boolean replied = post != null && link != null && NotificationType.MENTION.equals(type)
        && post.reply();
    return switch (type) {
      case NotificationType.FAVOURITE -> "liked your post";
      case NotificationType.REBLOG -> "shared your post";
      case NotificationType.FOLLOW -> "followed you";
      case NotificationType.FOLLOW_REQUEST -> "asked to follow you";
      case NotificationType.MENTION -> replied ? "replied to you" : "mentioned you";
      case NotificationType.QUOTE -> "quoted your post";
      case NotificationType.UPDATE -> "edited a post you shared";
      case "poll" -> "ran a poll that has ended";
      case "status" -> "posted";
      default -> "did something";
    };
  }

  /** "and 3 others", or "" when every account is named. */
  public String othersText() {
    return others == 0 ? "" : " and " + others + (others == 1 ? " other" : " others");
  }

  /** A CSS class for the kind, for its mark. */
  public String kind() {
    return type.replace('_', '-');
  }
}
