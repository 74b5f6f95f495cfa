package org.plutro.server.http.activitypub;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import org.plutro.federation.signature.ParsedSignature;
import org.plutro.federation.signature.SignatureException;
import org.plutro.federation.signature.SignatureVerifier;
import org.plutro.federation.signature.SignedRequest;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.uri.Uris;

/**
 * Who signed a GET (authorized fetch): the actor whose key verifies the request's signature, its
 * key refetched once if it fails (rotation). Empty for an unsigned or unverifiable request; 403
 * (before any key is fetched) when the signer's server is one this one does not federate with, as
 * Mastodon's signature check answers.
 */
public final class SignedFetch {
  private final Uris uris;
  private final String publicScheme;
  private final RemoteActors remoteActors;
  private final DomainBlocks domainBlocks;

  /** {@code publicScheme}: the scheme of the instance's public URL (http or https). */
  public SignedFetch(Uris uris, String publicScheme, RemoteActors remoteActors, DomainBlocks domainBlocks) {
    this.domainBlocks = domainBlocks;
    this.uris = uris;
    this.publicScheme = publicScheme;
    this.remoteActors = remoteActors;
  }

  Future<Optional<Account>> signer(RoutingContext ctx) {
    MultiMap headers = ctx.request().headers();
    if (!headers.contains("signature") && !headers.contains("signature-input")
        && !headers.contains("authorization")) {
      return Future.succeededFuture(Optional.empty());
    }
    String authority = headers.get("Host") != null ? headers.get("Host") : uris.authority();
    ParsedSignature signature;
    try {
      signature = SignatureVerifier.parse(new SignedRequest(ctx.request().method().name(),
          ctx.request().uri(), authority, publicScheme, headers,
          new byte[0]), Instant.now());
    } catch (SignatureException e) {
      return Future.succeededFuture(Optional.empty());
    }
    if (!domainBlocks.mayFederateUrl(signature.keyId())) {
      return Future.failedFuture(ServiceException.forbidden("This server does not serve your domain"));
    }
    return remoteActors.keyFor(signature.keyId())
        .compose(key -> verified(signature, key.publicKey())
            ? Future.succeededFuture(Optional.of(key.owner()))
            : remoteActors.refreshKey(signature.keyId()).map(fresh ->
                fresh != null && verified(signature, fresh.publicKey())
                    ? Optional.of(fresh.owner()) : Optional.<Account>empty()))
        .otherwise(Optional.empty());
  }

  private static boolean verified(ParsedSignature signature, PublicKey key) {
    try {
      SignatureVerifier.verify(signature, key);
      return true;
    } catch (SignatureException e) {
      return false;
    }
  }
}
