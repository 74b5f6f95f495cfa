package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.util.HashSet;
import java.util.Set;

/**
 * The accounts moderators suspended, kept in memory like {@link DomainBlocks} (every process
 * rereads them every few seconds, and at once after a change it makes): what a suspended remote
 * account delivers is dropped.
 */
public final class SuspendedAccounts {
  private static final String SUSPENDED = "SELECT id FROM accounts WHERE suspended_at IS NOT NULL";

  private final SqlClient client;
  private volatile Set<Long> suspended = Set.of();

  public SuspendedAccounts(Vertx vertx, SqlClient client) {
    this.client = client;
    vertx.setPeriodic(0, DomainBlocks.REFRESH_MS, id -> refresh());
  }

  public Future<Void> refresh() {
    return client.query(SUSPENDED).execute().map(rows -> {
      Set<Long> ids = new HashSet<>();
      rows.forEach(row -> ids.add(row.getLong(0)));
      suspended = Set.copyOf(ids);
      return null;
    });
  }

  public boolean contains(long accountId) {
    return !suspended.isEmpty() && suspended.contains(accountId);
  }
}
