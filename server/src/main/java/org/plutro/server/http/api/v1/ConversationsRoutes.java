package org.plutro.server.http.api.v1;

import org.plutro.server.http.Auth;
import org.plutro.server.http.api.ConversationEntities;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.http.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Responses;
import org.plutro.server.service.ReadReceipts;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.ConversationStore.Conversation;
import org.plutro.server.store.Page;

/**
 * Mastodon's conversations: {@code GET /api/v1/conversations} (newest last post first, Link
 * pagination by the last post's id), {@code POST /:id/read}, {@code DELETE /:id}. The last
 * status of a member's own message carries {@code plutro.read_by} (account ids) when the member
 * has read receipts on.
 */
public final class ConversationsRoutes {
  static final int DEFAULT_LIMIT = 20;
  private final Auth auth;
  private final ConversationStore conversations;
  private final StatusStore statuses;
  private final ReadReceipts receipts;
  private final ConversationEntities entities;
  private final Uris uris;

  public ConversationsRoutes(Auth auth, ConversationStore conversations, StatusStore statuses,
      ReadReceipts receipts, ConversationEntities entities, Uris uris) {
    this.auth = auth;
    this.conversations = conversations;
    this.statuses = statuses;
    this.receipts = receipts;
    this.entities = entities;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/conversations").handler(this::list);
    router.post("/api/v1/conversations/:id/read").handler(this::read);
    router.delete("/api/v1/conversations/:id").handler(this::remove);
  }

  private void list(RoutingContext ctx) {
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    auth.member(ctx, "read:statuses").compose(caller -> conversations
            .page(caller.member().id(), page)
            .compose(found -> {
              List<Long> cursors = new ArrayList<>();
              found.forEach(c -> cursors.add(c.lastStatusId()));
              Pagination.links(ctx, uris.base(), cursors, found.size() == page.limit(),
                  "min_id", "limit");
              return entities.of(caller.member(), found);
            }))
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  /** Marks it read; with receipts on, the sender of its last message is told (Read). */
  private void read(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:conversations").compose(caller -> {
      Account member = caller.member();
      return markRead(member, id)
          .compose(done -> conversations.one(member.id(), id))
          .compose(found -> found.isEmpty() ? Future.succeededFuture(gone(id))
              : readEntity(member, found.get()));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  /** Fails with 404 when the member has no such conversation. */
  private Future<Void> markRead(Account member, long id) {
    return conversations.markRead(member.id(), id).compose(marked -> marked ? Future.<Void>succeededFuture()
        : Future.failedFuture(ServiceException.notFound("Record not found")));
  }

  /** A conversation gone between being marked read and read back: an empty entity. */
  private static JsonObject gone(long id) {
    return new JsonObject().put("id", Long.toString(id))
        .put("unread", false).put("accounts", new JsonArray()).putNull("last_status");
  }

  /** The sender of its last message told (with receipts on), then the conversation's entity. */
  private Future<JsonObject> readEntity(Account member, Conversation conversation) {
    return statuses.byId(conversation.lastStatusId())
        .compose(last -> last.map(s -> receipts.read(member, s)).orElseGet(Future::succeededFuture))
        .compose(done -> entities.of(member, List.of(conversation)))
        .map(array -> array.getJsonObject(0));
  }

  private void remove(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:conversations")
        .compose(caller -> conversations.delete(caller.member().id(), id))
        .compose(deleted -> deleted ? Future.succeededFuture(new JsonObject())
            : Future.<JsonObject>failedFuture(ServiceException.notFound("Record not found")))
        .onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }
}
