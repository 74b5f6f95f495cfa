package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A member's choices on who may message them, on read receipts, and on who may reply to and share
 * their new posts (defaults: everyone, off, everyone, everyone).
 */
public final class MemberPrivacyStore {
  public static final List<String> MESSAGES_FROM = List.of("everyone", "following", "nobody");
  public static final List<String> INTERACTIONS_FROM = List.of("everyone", "followers", "nobody");

  /** The member's privacy choices. */
  public record Privacy(String messagesFrom, boolean readReceipts, String repliesFrom, String sharesFrom) {
    public static final Privacy DEFAULT = new Privacy("everyone", false, "everyone", "everyone");
  }

  private static final String GET = "SELECT messages_from, read_receipts, replies_from, shares_from"
      + " FROM member_privacy WHERE account_id = $1";
  private static final String PUT = "INSERT INTO member_privacy (account_id, messages_from, read_receipts,"
      + " replies_from, shares_from) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id) DO UPDATE SET"
      + " messages_from = EXCLUDED.messages_from, read_receipts = EXCLUDED.read_receipts,"
      + " replies_from = EXCLUDED.replies_from, shares_from = EXCLUDED.shares_from";
  // Local members among $1 who refuse a post by $2: they block the author or the author's
  // domain, or (for a direct message, $3) they take messages from nobody or only from people
  // they follow and do not follow the author.
  private static final String REFUSING = "SELECT a.id FROM accounts a JOIN users u ON u.account_id = a.id"
      + " LEFT JOIN member_privacy p ON p.account_id = a.id WHERE a.id = ANY($1) AND a.id <> $2"
      + " AND (EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = a.id AND b.target_account_id = $2)"
      + " OR EXISTS (SELECT 1 FROM account_domain_blocks d JOIN accounts x ON x.domain = d.domain"
      + "   WHERE d.account_id = a.id AND x.id = $2)"
      + " OR ($3 AND p.messages_from = 'nobody')"
      + " OR ($3 AND p.messages_from = 'following' AND NOT EXISTS (SELECT 1 FROM follows f"
      + "   WHERE f.account_id = a.id AND f.target_account_id = $2 AND f.state = 'accepted')))";

  private final SqlClient client;

  public MemberPrivacyStore(SqlClient client) {
    this.client = client;
  }

  public Future<Privacy> get(long accountId) {
    return client.preparedQuery(GET).execute(Tuple.of(accountId)).map(rows -> {
      if (rows.size() == 0) {
        return Privacy.DEFAULT;
      }
      Row row = rows.iterator().next();
      return new Privacy(row.getString(0), row.getBoolean(1), row.getString(2), row.getString(3));
    });
  }

  public Future<Void> put(long accountId, Privacy privacy) {
    return client.preparedQuery(PUT)
        .execute(Tuple.of(accountId, privacy.messagesFrom(), privacy.readReceipts(), privacy.repliesFrom(),
            privacy.sharesFrom())).mapEmpty();
  }

  /** The local members among {@code recipients} who do not take this post from {@code authorId}. */
  public static Future<Set<Long>> refusing(SqlClient client, long authorId,
      Collection<Long> recipients, boolean direct) {
    if (recipients.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return client.preparedQuery(REFUSING)
        .execute(Tuple.of(recipients.toArray(Long[]::new), authorId, direct)).map(rows -> {
          Set<Long> refusing = new HashSet<>();
          rows.forEach(row -> refusing.add(row.getLong(0)));
          return refusing;
        });
  }
}
