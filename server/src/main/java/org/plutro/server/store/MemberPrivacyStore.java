package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
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
  // Of the (recipient, author, direct) triples, those whose recipient is a local member who
  // refuses the post: they block the author or the author's domain, or (for a direct message)
  // they take messages from nobody or only from people they follow and do not follow the author.
  private static final String REFUSING = "SELECT t.n FROM unnest($1::int8[], $2::int8[], $3::bool[])"
      + " WITH ORDINALITY AS t (recipient, author, direct, n)"
      + " JOIN users u ON u.account_id = t.recipient"
      + " LEFT JOIN member_privacy p ON p.account_id = t.recipient WHERE t.recipient <> t.author"
      + " AND (EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = t.recipient"
      + "   AND b.target_account_id = t.author)"
      + " OR EXISTS (SELECT 1 FROM account_domain_blocks d JOIN accounts x ON x.domain = d.domain"
      + "   WHERE d.account_id = t.recipient AND x.id = t.author)"
      + " OR (t.direct AND p.messages_from = 'nobody')"
      + " OR (t.direct AND p.messages_from = 'following' AND NOT EXISTS (SELECT 1 FROM follows f"
      + "   WHERE f.account_id = t.recipient AND f.target_account_id = t.author"
      + "   AND f.state = 'accepted')))";

  /** A post by {@code authorId} for {@code recipientId}, a direct message if {@code direct}. */
  public record Recipient(long recipientId, long authorId, boolean direct) {}

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
    List<Recipient> asked = new ArrayList<>();
    recipients.forEach(id -> asked.add(new Recipient(id, authorId, direct)));
    return refusing(client, asked).map(refused -> {
      Set<Long> ids = new HashSet<>();
      refused.forEach(recipient -> ids.add(recipient.recipientId()));
      return ids;
    });
  }

  /** Those of {@code recipients} (posts of many authors) that are refused, in one statement. */
  public static Future<Set<Recipient>> refusing(SqlClient client, List<Recipient> recipients) {
    if (recipients.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    int size = recipients.size();
    Long[] ids = new Long[size];
    Long[] authors = new Long[size];
    Boolean[] direct = new Boolean[size];
    for (int i = 0; i < size; i++) {
      ids[i] = recipients.get(i).recipientId();
      authors[i] = recipients.get(i).authorId();
      direct[i] = recipients.get(i).direct();
    }
    return client.preparedQuery(REFUSING).execute(Tuple.of(ids, authors, direct)).map(rows -> {
      Set<Recipient> refusing = new HashSet<>();
      rows.forEach(row -> refusing.add(recipients.get((int) (row.getLong(0) - 1))));
      return refusing;
    });
  }
}
