package org.plutro.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plutro.server.service.NotificationGroups.Group;
import org.plutro.server.store.NotificationStore.Notification;

class NotificationGroupsTest {
  static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 7, 12, 0, 0, 0, ZoneOffset.UTC);

  static Notification n(long id, String type, long from, Long status, int hoursAgo) {
    return new Notification(id, 1, type, from, status, NOW.minusHours(hoursAgo));
  }

  @Test
  void likesOfOnePostWithinTheWindowCollapse() {
    List<Group> groups = NotificationGroups.of(List.of(
        n(9, "favourite", 2, 100L, 0), n(8, "mention", 3, 101L, 1), n(7, "favourite", 3, 100L, 2),
        n(6, "favourite", 2, 200L, 3), n(5, "favourite", 4, 100L, 20), n(4, "follow", 5, null, 21),
        n(3, "follow", 6, null, 22), n(2, "mention", 7, 102L, 23)));
    assertEquals(List.of(9L, 8L, 6L, 5L, 4L, 2L), groups.stream().map(g -> g.newest().id()).toList());
    assertEquals(List.of(2L, 3L), groups.get(0).accountIds());
    assertEquals(List.of(4L), groups.get(3).accountIds(), "older than 12 hours: a group of its own");
    assertEquals(List.of(5L, 6L), groups.get(4).accountIds());
  }

  @Test
  void oneAccountCountsOnce() {
    List<Group> groups = NotificationGroups.of(List.of(n(3, "reblog", 2, 1L, 0),
        n(2, "reblog", 2, 1L, 1), n(1, "reblog", 3, 1L, 2)));
    assertEquals(1, groups.size());
    assertEquals(List.of(2L, 3L), groups.get(0).accountIds());
  }
}
