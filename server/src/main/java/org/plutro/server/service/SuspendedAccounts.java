package org.plutro.server.service;

import org.plutro.server.policy.DomainBlocks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import org.plutro.server.store.AccountStore;

/**
 * The accounts moderators suspended, kept in memory like {@link DomainBlocks} (every process
 * rereads them every few seconds, and at once after a change it makes): what a suspended remote
 * account delivers is dropped.
 */
public final class SuspendedAccounts {
  private final AccountStore accounts;
  private volatile Set<Long> suspended = Set.of();

  public SuspendedAccounts(Vertx vertx, AccountStore accounts) {
    this.accounts = accounts;
    // The first read is the owner's, once the database answers (see refresh); then every few seconds.
    vertx.setPeriodic(DomainBlocks.REFRESH_MS, DomainBlocks.REFRESH_MS, id -> refresh());
  }

  public Future<Void> refresh() {
    return accounts.suspendedIds().map(ids -> {
      suspended = Set.copyOf(ids);
      return null;
    });
  }

  public boolean contains(long accountId) {
    return !suspended.isEmpty() && suspended.contains(accountId);
  }
}
