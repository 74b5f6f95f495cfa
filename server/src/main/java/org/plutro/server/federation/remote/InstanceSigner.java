package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import java.util.function.Supplier;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.delivery.ActorSigners;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/** The instance actor's signer, for fetches (FEP-2677). */
public final class InstanceSigner implements Supplier<Future<RequestSigner>> {
  private final AccountStore accounts;
  private final ActorSigners signers;
  private final Uris uris;

  public InstanceSigner(AccountStore accounts, ActorSigners signers, Uris uris) {
    this.accounts = accounts;
    this.signers = signers;
    this.uris = uris;
  }

  @Override
  public Future<RequestSigner> get() {
    return accounts.byUri(uris.instanceActor())
        .compose(actor -> signers.forAccount(actor.orElseThrow().id()));
  }
}
