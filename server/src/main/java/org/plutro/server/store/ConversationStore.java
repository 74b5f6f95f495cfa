package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;

/**
 * Each member's conversations, as Mastodon's account_conversations: one per thread of direct
 * posts the member wrote or was addressed in. A direct post opens or continues the conversation
 * of its author and of every local member it addresses (unread for those who did not write it);
 * a reply of wider visibility in such a thread joins the conversations that already exist for
 * the members it concerns, shown with its real visibility, never silently.
 */
public final class ConversationStore {
  /** One conversation of a member; {@code lastStatusId} is its newest post the member still sees. */
  public record Conversation(long id, boolean unread, long lastStatusId) {}

  // The thread's name: the URI of its root, or of the unknown post its oldest known post answers.
  private static final String THREAD = "WITH RECURSIVE up (id, uri, in_reply_to_id, in_reply_to_uri,"
      + " depth) AS (SELECT id, uri, in_reply_to_id, in_reply_to_uri, 0 FROM statuses WHERE id = $1"
      + " UNION ALL SELECT p.id, p.uri, p.in_reply_to_id, p.in_reply_to_uri, up.depth + 1"
      + " FROM statuses p JOIN up ON p.id = up.in_reply_to_id WHERE up.depth < 500),"
      + " thread AS (SELECT coalesce(in_reply_to_uri, uri) AS uri FROM up ORDER BY depth DESC LIMIT 1),"
      + " s AS (SELECT id, account_id, visibility FROM statuses WHERE id = $1),"
      // Local members who wrote or are addressed, unless they block the author.
      + " people AS (SELECT a.id FROM accounts a JOIN users u ON u.account_id = a.id"
      + "   WHERE a.deleted_at IS NULL AND (a.id = (SELECT account_id FROM s)"
      + "   OR a.id IN (SELECT m.account_id FROM mentions m WHERE m.status_id = $1))"
      + "   AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = a.id"
      + "   AND b.target_account_id = (SELECT account_id FROM s))),"
      + " opened AS (INSERT INTO account_conversations (account_id, thread_uri, unread)"
      + "   SELECT p.id, (SELECT uri FROM thread), p.id <> (SELECT account_id FROM s) FROM people p"
      + "   WHERE (SELECT visibility FROM s) = 'direct'"
      + "   ON CONFLICT (account_id, thread_uri) DO UPDATE SET unread = EXCLUDED.unread RETURNING id),"
      + " continued AS (UPDATE account_conversations c SET unread = c.account_id <> (SELECT account_id FROM s)"
      + "   WHERE (SELECT visibility FROM s) <> 'direct' AND c.thread_uri = (SELECT uri FROM thread)"
      + "   AND c.account_id IN (SELECT id FROM people) RETURNING c.id)"
      + " INSERT INTO conversation_statuses (conversation_id, status_id)"
      + " SELECT id, $1 FROM opened UNION SELECT id, $1 FROM continued ON CONFLICT DO NOTHING";
  private static final String LAST = " CROSS JOIN LATERAL (SELECT cs.status_id FROM conversation_statuses cs"
      + " JOIN statuses s ON s.id = cs.status_id WHERE cs.conversation_id = c.id AND s.deleted_at IS NULL"
      + " AND NOT " + SafetyFilters.hides("c.account_id", "s.account_id")
      + " ORDER BY cs.status_id DESC LIMIT 1) l";
  private static final String PAGE = "SELECT c.id, c.unread, l.status_id FROM account_conversations c"
      + LAST + " WHERE c.account_id = $1 AND l.status_id > $2 AND l.status_id < $3"
      + " ORDER BY l.status_id %s LIMIT $4";
  private static final String ONE = "SELECT c.id, c.unread, l.status_id FROM account_conversations c"
      + LAST + " WHERE c.account_id = $1 AND c.id = $2";
  // The member's conversation that holds this post (for the streaming API).
  private static final String OF_STATUS = "SELECT c.id, c.unread, l.status_id FROM account_conversations c"
      + LAST + " WHERE c.account_id = $1 AND EXISTS (SELECT 1 FROM conversation_statuses x"
      + " WHERE x.conversation_id = c.id AND x.status_id = $2)";
  private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM account_conversations"
      + " WHERE account_id = $1 AND id = $2)";
  // The others who took part: authors and addressed accounts, minus the member and the hidden.
  private static final String PARTICIPANTS = "SELECT DISTINCT cs.conversation_id, " + AccountStore.COLUMNS
      + " FROM conversation_statuses cs JOIN statuses s ON s.id = cs.status_id"
      + " JOIN account_conversations c ON c.id = cs.conversation_id"
      + " JOIN accounts a ON a.id = s.account_id OR a.id IN (SELECT m.account_id FROM mentions m"
      + "   WHERE m.status_id = s.id)"
      + " WHERE cs.conversation_id = ANY($1) AND a.id <> c.account_id AND a.deleted_at IS NULL"
      + " AND NOT " + SafetyFilters.hides("c.account_id", "a.id");
  private static final String MARK_READ = "UPDATE account_conversations SET unread = false"
      + " WHERE account_id = $1 AND id = $2";
  private static final String DELETE = "DELETE FROM account_conversations WHERE account_id = $1 AND id = $2";

  private final SqlClient client;

  public ConversationStore(SqlClient client) {
    this.client = client;
  }

  /** Adds a just stored post (its mentions already stored) to the conversations it belongs to. */
  public static Future<Void> record(SqlClient client, long statusId) {
    return client.preparedQuery(THREAD).execute(Tuple.of(statusId)).mapEmpty();
  }

  /** The same for several posts, in one round trip. */
  public static Future<Void> record(SqlClient tx, List<Long> statusIds) {
    if (statusIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    statusIds.forEach(id -> rows.add(Tuple.of(id)));
    return tx.preparedQuery(THREAD).executeBatch(rows).mapEmpty();
  }

  public Future<List<Conversation>> page(long accountId, Page page) {
    if (page.limit() == 0) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(String.format(PAGE, page.ascending() ? "ASC" : "DESC"))
        .execute(Tuple.of(accountId, page.lower(), page.upper(), page.limit()))
        .map(rows -> {
          List<Conversation> found = new ArrayList<>();
          rows.forEach(row -> found.add(map(row)));
          if (page.ascending()) {
            Collections.reverse(found);
          }
          return found;
        });
  }

  /** The member's conversation, if it exists and still has a post they see. */
  public Future<Optional<Conversation>> one(long accountId, long id) {
    return client.preparedQuery(ONE).execute(Tuple.of(accountId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  public Future<Optional<Conversation>> ofStatus(long accountId, long statusId) {
    return client.preparedQuery(OF_STATUS).execute(Tuple.of(accountId, statusId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  public Future<Boolean> exists(long accountId, long id) {
    return client.preparedQuery(EXISTS).execute(Tuple.of(accountId, id))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Map<Long, List<Account>>> participants(List<Long> conversationIds) {
    Map<Long, List<Account>> byConversation = new HashMap<>();
    if (conversationIds.isEmpty()) {
      return Future.succeededFuture(byConversation);
    }
    return client.preparedQuery(PARTICIPANTS).execute(Tuple.of(conversationIds.toArray(Long[]::new)))
        .map(rows -> {
          for (Row row : rows) {
            byConversation.computeIfAbsent(row.getLong("conversation_id"), id -> new ArrayList<>())
                .add(AccountStore.map(row));
          }
          byConversation.values().forEach(list -> list.sort((x, y) -> Long.compare(x.id(), y.id())));
          return byConversation;
        });
  }

  public Future<Boolean> markRead(long accountId, long id) {
    return client.preparedQuery(MARK_READ).execute(Tuple.of(accountId, id)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> delete(long accountId, long id) {
    return client.preparedQuery(DELETE).execute(Tuple.of(accountId, id)).map(rows -> rows.rowCount() == 1);
  }

  private static Conversation map(Row row) {
    return new Conversation(row.getLong(0), row.getBoolean(1), row.getLong(2));
  }
}
