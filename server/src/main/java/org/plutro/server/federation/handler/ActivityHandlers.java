package org.plutro.server.federation.handler;

import java.util.Map;
import java.util.Optional;
import org.plutro.server.AppContext;

/** The registration table: which handler does each activity type. Other types are ignored. */
public final class ActivityHandlers {
  private final Map<String, ActivityHandler> byType;

  public ActivityHandlers(AppContext app) {
    byType = Map.of(
        "Follow", new FollowHandler(app),
        "Accept", new AcceptHandler(app),
        "Reject", new RejectHandler(app),
        "Undo", new UndoHandler(app),
        "Create", new CreateHandler(app),
        "Update", new UpdateHandler(app),
        "Delete", new DeleteHandler(app),
        "Like", new LikeHandler(app),
        "Announce", new AnnounceHandler(app),
        "Block", new BlockHandler(app));
  }

  public Optional<ActivityHandler> forType(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  public boolean handles(String type) {
    return type != null && byType.containsKey(type);
  }
}
