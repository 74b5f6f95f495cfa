package org.plutro.server.federation.handler;

import java.util.Map;
import java.util.Optional;

/** The registration table: which handler does each activity type. Other types are ignored. */
public final class ActivityHandlers {
  private final Map<String, ActivityHandler> byType;

  public ActivityHandlers(FollowHandler follow, AcceptHandler accept, RejectHandler reject, UndoHandler undo,
      CreateHandler create, UpdateHandler update, DeleteHandler delete, LikeHandler like,
      AnnounceHandler announce, BlockHandler block, ReadHandler read, FlagHandler flag, MoveHandler move,
      AddHandler add, RemoveHandler remove, QuoteRequestHandler quoteRequest) {
    byType = Map.ofEntries(
        Map.entry("Follow", follow),
        Map.entry("Accept", accept),
        Map.entry("Reject", reject),
        Map.entry("Undo", undo),
        Map.entry("Create", create),
        Map.entry("Update", update),
        Map.entry("Delete", delete),
        Map.entry("Like", like),
        Map.entry("Announce", announce),
        Map.entry("Block", block),
        Map.entry("Read", read),
        Map.entry("Flag", flag),
        Map.entry("Move", move),
        Map.entry("Add", add),
        Map.entry("Remove", remove),
        Map.entry("QuoteRequest", quoteRequest));
  }

  public Optional<ActivityHandler> forType(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  public boolean handles(String type) {
    return type != null && byType.containsKey(type);
  }
}
