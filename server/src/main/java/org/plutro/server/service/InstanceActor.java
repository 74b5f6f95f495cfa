package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ActorKeys;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/**
 * The instance's own actor (FEP-2677, type Application): it signs our fetches of remote
 * documents, for servers that refuse unsigned GETs. Created once, on first start.
 */
public final class InstanceActor {
  private final Vertx vertx;
  private final Pool pool;
  private final Uris uris;
  private final AccountStore accounts;

  public InstanceActor(Vertx vertx, Pool pool, Uris uris, AccountStore accounts) {
    this.vertx = vertx;
    this.pool = pool;
    this.uris = uris;
    this.accounts = accounts;
  }

  public Future<Account> ensure() {
    return accounts.byUri(uris.instanceActor()).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get()) : create());
  }

  /** A new instance actor, with keys made on a worker thread. */
  private Future<Account> create() {
    return vertx.executeBlocking(ActorKeys::generate, false)
        .compose(keys -> pool.withTransaction(tx -> {
          String uri = uris.instanceActor();
          var actor = new AccountStore.NewLocalActor(Uris.INSTANCE_ACTOR_USERNAME, uri,
              uris.base() + "/about", "Application", uri + "/inbox", uris.sharedInbox(),
              uri + "/outbox", null, null, null, uris.mainKey(uri));
          return AccountStore.insertLocalActor(tx, actor, keys);
        }))
        // Another process on the same database may have created it first: read back the one stored.
        .transform(created -> accounts.byUri(uris.instanceActor()).map(again -> again.orElseThrow(
            () -> new IllegalStateException("cannot create the instance actor", created.cause()))));
  }
}
