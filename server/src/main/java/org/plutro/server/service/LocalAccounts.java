package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/** Our members and the instance actor, by their URI. */
public final class LocalAccounts {
  private final AccountStore accounts;
  private final Uris uris;

  public LocalAccounts(AccountStore accounts, Uris uris) {
    this.accounts = accounts;
    this.uris = uris;
  }

  /**
   * A local member or the instance actor by its URI; empty for anything else, and for a sign-up
   * not yet published (other servers cannot follow, block or report what does not exist yet).
   */
  public Future<Optional<Account>> byUri(String uri) {
    if (uri == null || !uris.isLocal(uri)) {
      return Future.succeededFuture(Optional.empty());
    }
    return accounts.publishedByUri(uri).map(found -> found.filter(a -> a.isLocal() && a.deletedAt() == null));
  }
}
