package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.service.ReadReceipts;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.ConversationStore.Conversation;

/** Mastodon's {@code Conversation} entities, for the conversations API and direct streams. */
public final class ConversationEntities {
  private final ConversationStore conversations;
  private final StatusPresenter statusPresenter;
  private final ReadReceipts receipts;
  private final Presenter presenter;

  public ConversationEntities(ConversationStore conversations, StatusPresenter statusPresenter,
      ReadReceipts receipts, Presenter presenter) {
    this.conversations = conversations;
    this.statusPresenter = statusPresenter;
    this.receipts = receipts;
    this.presenter = presenter;
  }

  public Future<JsonArray> of(Account member, List<Conversation> found) {
    List<Long> ids = new ArrayList<>();
    List<Long> lastIds = new ArrayList<>();
    found.forEach(c -> {
      ids.add(c.id());
      lastIds.add(c.lastStatusId());
    });
    return conversations.participants(ids).compose(participants -> statusPresenter
            .byIds(lastIds, member.id()).compose(statuses -> receipts.readers(member.id(), lastIds)
                .map(readers -> new Parts(participants, statuses, readers))))
        .compose(parts -> participantAccounts(found, parts.participants())
            .map(accounts -> entities(member, found, parts, accounts)));
  }

  /** Each conversation's participants as Account entities, in the conversations' order. */
  private Future<List<JsonArray>> participantAccounts(List<Conversation> found,
      Map<Long, List<Account>> participants) {
    List<Future<JsonArray>> accounts = new ArrayList<>();
    found.forEach(c -> accounts.add(presenter.accounts(participants.getOrDefault(c.id(), List.of()))));
    return Future.all(accounts).map(done -> accounts.stream().map(Future::result).toList());
  }

  private static JsonArray entities(Account member, List<Conversation> found, Parts parts,
      List<JsonArray> accounts) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < found.size(); i++) {
      Conversation c = found.get(i);
      JsonObject last = byId(parts.statuses(), c.lastStatusId());
      if (parts.readers() != null && last != null && member.id() == Long.parseLong(
          last.getJsonObject("account").getString("id"))) {
        last.put("plutro", new JsonObject().put("read_by", readBy(parts.readers(), c.lastStatusId())));
      }
      array.add(new JsonObject().put("id", Long.toString(c.id()))
          .put("unread", c.unread())
          .put("accounts", accounts.get(i))
          .put("last_status", last));
    }
    return array;
  }

  private static JsonArray readBy(Map<Long, List<Long>> readers, long statusId) {
    JsonArray ids = new JsonArray();
    readers.getOrDefault(statusId, List.of()).forEach(id -> ids.add(Long.toString(id)));
    return ids;
  }

  private static JsonObject byId(JsonArray statuses, long id) {
    for (Object item : statuses) {
      JsonObject status = (JsonObject) item;
      if (Long.toString(id).equals(status.getString("id"))) {
        return status;
      }
    }
    return null;
  }

  /**
   * What the entities are made of: each conversation's participants, its last statuses rendered,
   * and who read the member's own (null with read receipts off).
   */
  private record Parts(Map<Long, List<Account>> participants, JsonArray statuses,
      Map<Long, List<Long>> readers) {}
}
