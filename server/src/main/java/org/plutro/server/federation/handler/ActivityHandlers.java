package org.plutro.server.federation.handler;

import java.util.Map;
import java.util.Optional;
import org.plutro.server.AppContext;

/** The registration table: which handler does each activity type. Other types are ignored. */
public final class ActivityHandlers {
  private final Map<String, ActivityHandler> byType;

  public ActivityHandlers(AppContext app) {
    byType = Map.ofEntries(
        Map.entry("Follow", new FollowHandler(app)),
        Map.entry("Accept", new AcceptHandler(app)),
        Map.entry("Reject", new RejectHandler(app)),
        Map.entry("Undo", new UndoHandler(app)),
        Map.entry("Create", new CreateHandler(app)),
        Map.entry("Update", new UpdateHandler(app)),
        Map.entry("Delete", new DeleteHandler(app)),
        Map.entry("Like", new LikeHandler(app)),
        Map.entry("Announce", new AnnounceHandler(app)),
        Map.entry("Block", new BlockHandler(app)),
        Map.entry("Read", new ReadHandler(app)),
        Map.entry("Flag", new FlagHandler(app)),
        Map.entry("Move", new MoveHandler(app)));
  }

  public Optional<ActivityHandler> forType(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  public boolean handles(String type) {
    return type != null && byType.containsKey(type);
  }
}
