package org.plutro.server.delivery;

import io.vertx.core.Future;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.signature.HttpSignatureSigner;
import org.plutro.server.store.AccountStore;

/**
 * Request signers for local actors, built from their stored keys and kept in a small LRU: parsing
 * a PEM key for every delivery would cost more than the signature.
 */
public final class ActorSigners {
  private static final int CAPACITY = 1024;
  private final AccountStore accounts;
  private final Map<Long, RequestSigner> cache = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RequestSigner> eldest) {
          return size() > CAPACITY;
        }
      });

  public ActorSigners(AccountStore accounts) {
    this.accounts = accounts;
  }

  public Future<RequestSigner> forAccount(long accountId) {
    RequestSigner cached = cache.get(accountId);
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
