package org.plutro.server.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.signature.HttpSignatureSigner;
import org.plutro.server.store.AccountStore;

/**
 * Request signers for local actors, built from their stored keys and kept in a small cache: parsing
 * a PEM key for every delivery would cost more than the signature.
 */
public final class ActorSigners {
  private static final int CAPACITY = 1024;
  private final AccountStore accounts;
  // Shared by the event loops; evictions run on the thread that writes, not the common pool.
  private final Cache<Long, RequestSigner> cache = Caffeine.newBuilder()
      .maximumSize(CAPACITY).executor(Runnable::run).build();

  public ActorSigners(AccountStore accounts) {
    this.accounts = accounts;
  }

  public Future<RequestSigner> forAccount(long accountId) {
    RequestSigner cached = cache.getIfPresent(accountId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return accounts.byId(accountId).compose(account -> accounts.keys(accountId).map(keys -> {
      RequestSigner signer = new HttpSignatureSigner(account.orElseThrow().publicKeyId(),
          keys.orElseThrow().rsaPrivate());
      cache.put(accountId, signer);
      return signer;
    }));
  }
}
