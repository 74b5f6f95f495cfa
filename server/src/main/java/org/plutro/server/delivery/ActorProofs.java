package org.plutro.server.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.security.PrivateKey;
import java.time.Instant;
import org.plutro.federation.integrity.IntegrityProofs;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/**
 * Puts a FEP-8b32 integrity proof on what a local actor sends: signed with the actor's Ed25519
 * key, naming as {@code verificationMethod} the Multikey its actor document lists under
 * {@code assertionMethod}. A proof lets a server that receives the activity from a third one
 * (forwarded, relayed) know it is the actor's, unchanged, without fetching it again. Keys are
 * read through the caller's connection (it may be in a transaction) and kept in a small cache.
 */
public final class ActorProofs {
  private static final int CAPACITY = 1024;

  private record Signer(String actorUri, String keyId, PrivateKey key) {}

  private final Uris uris;
  // Shared by the event loops; evictions run on the thread that writes, not the common pool.
  private final Cache<Long, Signer> cache = Caffeine.newBuilder()
      .maximumSize(CAPACITY).executor(Runnable::run).build();

  public ActorProofs(Uris uris) {
    this.uris = uris;
  }

  /**
   * {@code activity} with the proof of {@code accountId}'s actor, its context given the data
   * integrity terms. One the account does not speak for (its {@code actor} is someone else) is
   * answered as it is: a proof by another key would only be refused.
   */
  public Future<JsonObject> sign(SqlClient client, long accountId, JsonObject activity) {
    return signer(client, accountId).map(signer -> {
      Object actor = activity.getValue("actor");
      String actorId = actor instanceof JsonObject embedded ? embedded.getString("id")
          : actor instanceof String id ? id : null;
      if (signer == null || !signer.actorUri().equals(actorId)) {
        return activity;
      }
      return IntegrityProofs.sign(activity, signer.key(), signer.keyId(), Instant.now());
    });
  }

  private Future<Signer> signer(SqlClient client, long accountId) {
    Signer cached = cache.getIfPresent(accountId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return AccountStore.ed25519Key(client, accountId).map(found -> {
      if (found.isEmpty()) {
        return null;
      }
      String actor = found.get().actorUri();
      Signer signer = new Signer(actor, uris.ed25519Key(actor),
          KeyPairs.privateKeyFromPem(found.get().privatePem()));
      cache.put(accountId, signer);
      return signer;
    });
  }
}
