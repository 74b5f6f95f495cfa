package org.plutro.server.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.server.domain.NotificationType;
import org.plutro.server.store.NotificationStore.Notification;

/**
 * Notifications grouped as Mastodon's grouped notifications: likes and shares of the same post,
 * and new followers, that came within {@link #WINDOW} of the group's newest collapse into one
 * ("Ann and 3 others liked your post"); everything else (mentions, replies, polls...) stands
 * alone. Groups keep the order of their newest notification.
 */
public final class NotificationGroups {
  /** Mastodon's grouping window. */
  public static final Duration WINDOW = Duration.ofHours(12);
  static final Set<String> GROUPED = Set.of(NotificationType.FAVOURITE, NotificationType.REBLOG,
      NotificationType.FOLLOW);

  /** One group: its notifications newest first, and their distinct accounts in that order. */
  public record Group(String key, String type, Long statusId, List<Notification> notifications,
      List<Long> accountIds) {
    public Notification newest() {
      return notifications.get(0);
    }
  }

  private NotificationGroups() {}

  /** {@code notifications} newest first, as a page lists them; the groups newest first. */
  public static List<Group> of(List<Notification> notifications) {
    Map<String, List<Notification>> open = new LinkedHashMap<>();
    List<List<Notification>> groups = new ArrayList<>();
    for (Notification n : notifications) {
      if (!GROUPED.contains(n.type())) {
        groups.add(new ArrayList<>(List.of(n)));
        continue;
      }
      String key = n.type() + "-" + (n.statusId() == null ? "" : n.statusId());
      List<Notification> group = open.get(key);
      if (group != null && !n.createdAt().isBefore(group.get(0).createdAt().minus(WINDOW))) {
        group.add(n);
      } else {
        group = new ArrayList<>(List.of(n));
        open.put(key, group);
        groups.add(group);
      }
    }
    return groups.stream().map(NotificationGroups::group).toList();
  }

  private static Group group(List<Notification> members) {
    Notification newest = members.get(0);
    List<Long> accounts = members.stream().map(Notification::fromAccountId).distinct().toList();
    String key = GROUPED.contains(newest.type())
        ? newest.type() + "-" + (newest.statusId() == null ? "" : newest.statusId()) + "-" + newest.id()
        : "ungrouped-" + newest.id();
    return new Group(key, newest.type(), newest.statusId(), List.copyOf(members), accounts);
  }
}
