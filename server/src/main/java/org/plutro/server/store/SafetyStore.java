package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;

/** A member's blocks, mutes and domain blocks: the lists, and mutes and domain blocks themselves. */
public final class SafetyStore {
  /** An account in a member's list, with the cursor the list pages by and a mute's end. */
  public record Listed(long cursor, Account account, OffsetDateTime expiresAt) {}

  /** A blocked domain with its cursor. */
  public record Domain(long cursor, String domain) {}

  private static final String BLOCKS = "SELECT b.id AS cursor, NULL::timestamptz AS expires_at, "
      + AccountStore.COLUMNS + " FROM blocks b JOIN accounts a ON a.id = b.target_account_id"
      + " WHERE b.account_id = $1 AND a.deleted_at IS NULL AND b.id > $2 AND b.id < $3"
      + " ORDER BY b.id %s LIMIT $4";
  private static final String MUTES = "SELECT m.id AS cursor, m.expires_at, " + AccountStore.COLUMNS
      + " FROM mutes m JOIN accounts a ON a.id = m.target_account_id WHERE m.account_id = $1"
      + " AND a.deleted_at IS NULL AND (m.expires_at IS NULL OR m.expires_at > now())"
      + " AND m.id > $2 AND m.id < $3 ORDER BY m.id %s LIMIT $4";
  private static final String BLOCK_URI = "SELECT uri FROM blocks WHERE account_id = $1"
      + " AND target_account_id = $2";
  private static final String MUTE = "INSERT INTO mutes (account_id, target_account_id,"
      + " hide_notifications, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (account_id,"
      + " target_account_id) DO UPDATE SET hide_notifications = EXCLUDED.hide_notifications,"
      + " expires_at = EXCLUDED.expires_at";
  private static final String UNMUTE = "DELETE FROM mutes WHERE account_id = $1 AND target_account_id = $2";
  private static final String DOMAINS = "SELECT id, domain FROM account_domain_blocks"
      + " WHERE account_id = $1 AND id > $2 AND id < $3 ORDER BY id %s LIMIT $4";
  private static final String BLOCK_DOMAIN = "INSERT INTO account_domain_blocks (account_id, domain)"
      + " VALUES ($1, $2) ON CONFLICT DO NOTHING";
  // As in Mastodon, accounts of a blocked domain stop following the member.
  private static final String DROP_DOMAIN_FOLLOWERS = "DELETE FROM follows f USING accounts a"
      + " WHERE a.id = f.account_id AND a.domain = $2 AND f.target_account_id = $1";
  private static final String UNBLOCK_DOMAIN = "DELETE FROM account_domain_blocks"
      + " WHERE account_id = $1 AND domain = $2";

  private final SqlClient client;

  public SafetyStore(SqlClient client) {
    this.client = client;
  }

  public Future<List<Listed>> blocks(long accountId, Page page) {
    return listed(BLOCKS, accountId, page);
  }

  public Future<List<Listed>> mutes(long accountId, Page page) {
    return listed(MUTES, accountId, page);
  }

  public Future<Optional<String>> blockUri(long accountId, long targetId) {
    return client.preparedQuery(BLOCK_URI).execute(Tuple.of(accountId, targetId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.ofNullable(rows.iterator().next().getString(0)));
  }

  public Future<Void> mute(long accountId, long targetId, boolean notifications, OffsetDateTime expiresAt) {
    return client.preparedQuery(MUTE).execute(Tuple.of(accountId, targetId, notifications, expiresAt))
        .mapEmpty();
  }

  public Future<Void> unmute(long accountId, long targetId) {
    return client.preparedQuery(UNMUTE).execute(Tuple.of(accountId, targetId)).mapEmpty();
  }

  public Future<List<Domain>> domains(long accountId, Page page) {
    return client.preparedQuery(String.format(DOMAINS, page.ascending() ? "ASC" : "DESC"))
        .execute(Tuple.of(accountId, page.lower(), page.upper(), page.limit())).map(rows -> {
          List<Domain> found = new ArrayList<>();
          rows.forEach(row -> found.add(new Domain(row.getLong(0), row.getString(1))));
          if (page.ascending()) {
            Collections.reverse(found);
          }
          return found;
        });
  }

  public static Future<Void> blockDomain(SqlClient tx, long accountId, String domain) {
    return tx.preparedQuery(BLOCK_DOMAIN).execute(Tuple.of(accountId, domain))
        .compose(done -> tx.preparedQuery(DROP_DOMAIN_FOLLOWERS).execute(Tuple.of(accountId, domain)))
        .mapEmpty();
  }

  public Future<Void> unblockDomain(long accountId, String domain) {
    return client.preparedQuery(UNBLOCK_DOMAIN).execute(Tuple.of(accountId, domain)).mapEmpty();
  }

  private Future<List<Listed>> listed(String sql, long accountId, Page page) {
    return client.preparedQuery(String.format(sql, page.ascending() ? "ASC" : "DESC"))
        .execute(Tuple.of(accountId, page.lower(), page.upper(), page.limit())).map(rows -> {
          List<Listed> found = new ArrayList<>();
          for (Row row : rows) {
            found.add(new Listed(row.getLong("cursor"), AccountStore.map(row),
                row.getOffsetDateTime("expires_at")));
          }
          if (page.ascending()) {
            Collections.reverse(found);
          }
          return found;
        });
  }
}
