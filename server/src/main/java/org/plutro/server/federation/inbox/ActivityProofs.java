package org.plutro.server.federation.inbox;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.federation.integrity.IntegrityProofs;
import org.plutro.federation.integrity.ProofException;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.remote.RemoteActors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an incoming activity's FEP-8b32 integrity proof shows it is its actor's, as sent: a
 * proof with the {@code eddsa-jcs-2022} cryptosuite whose verification method is a key of the
 * actor (looked up as HTTP signature keys are, with {@link RemoteActors#keyFor}) and which
 * verifies over the activity as received. Used when the HTTP signature is someone else's: an
 * activity forwarded or relayed by a third server (Mastodon takes a Linked Data signature then).
 */
public final class ActivityProofs {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityProofs.class);
  private final RemoteActors actors;

  public ActivityProofs(RemoteActors actors) {
    this.actors = actors;
  }

  /**
   * The actor {@code actorUri}, if one of the activity's proofs is theirs and verifies; else
   * null. Proofs of other cryptosuites, or by keys on another origin than the actor's, are passed
   * over without any fetch.
   */
  public Future<Account> verifiedActor(JsonObject activity, String actorUri) {
    List<JsonObject> proofs = IntegrityProofs.proofs(activity);
    Future<Account> verified = Future.succeededFuture();
    for (JsonObject proof : proofs) {
      verified = verified.compose(found -> found != null ? Future.succeededFuture(found)
          : verify(activity, proof, actorUri));
    }
    return verified;
  }

  private Future<Account> verify(JsonObject activity, JsonObject proof, String actorUri) {
    String method;
    try {
      method = IntegrityProofs.verificationMethod(proof);
    } catch (ProofException e) {
      return Future.succeededFuture();
    }
    // FEP-fe34: an actor's keys live on its origin. Nothing else is fetched on a proof's word.
    if (!Refs.sameOrigin(method, actorUri)) {
      return Future.succeededFuture();
    }
    return actors.keyFor(method)
        .compose(key -> !key.owner().uri().equals(actorUri) || !KeyPairs.isEd25519(key.publicKey())
            ? Future.succeededFuture((Account) null)
            : verifies(activity, proof, key) ? Future.succeededFuture(key.owner())
            // The cached key failed: the actor may have replaced it. Refetch once and retry.
            : actors.refreshKey(method).map(fresh -> fresh != null
                && fresh.owner().uri().equals(actorUri) && verifies(activity, proof, fresh)
                ? fresh.owner() : null))
        .otherwise(failure -> {
          LOG.debug("Cannot get the proof's key {}: {}", method, failure.toString());
          return null;
        });
  }

  private static boolean verifies(JsonObject activity, JsonObject proof, RemoteActors.ActorKey key) {
    try {
      IntegrityProofs.verify(activity, proof, key.publicKey());
      return true;
    } catch (ProofException e) {
      LOG.debug("Integrity proof by {} refused: {}", key.owner().uri(), e.getMessage());
      return false;
    }
  }
}
