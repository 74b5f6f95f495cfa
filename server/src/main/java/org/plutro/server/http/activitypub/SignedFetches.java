package org.plutro.server.http.activitypub;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import org.plutro.federation.signature.ParsedSignature;
import org.plutro.federation.signature.SignatureException;
import org.plutro.federation.signature.SignatureVerifier;
import org.plutro.federation.signature.SignedRequest;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.uri.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed GET of a member's actor, posts or collections tells us which server now holds a copy
 * of them. The answer does not wait: the signature is verified afterwards (fetching the signer's
 * key if need be), and only a verified signer's server is recorded. Unsigned GETs teach nothing.
 */
public final class SignedFetches {
  private static final Logger LOG = LoggerFactory.getLogger(SignedFetches.class);
  private static final Duration RECHECK = Duration.ofMinutes(1);
  private static final int REMEMBERED = 50_000;

  private final Uris uris;
  private final String publicScheme;
  private final RemoteActors remoteActors;
  private final CopyHolderStore copyHolders;
  /** (member, key id) pairs recorded lately: recorded again after a minute. */
  private final Cache<String, Boolean> recent = Caffeine.newBuilder()
      .maximumSize(REMEMBERED).expireAfterWrite(RECHECK).executor(Runnable::run).build();

  /** {@code publicScheme}: the scheme of the instance's public URL (http or https). */
  public SignedFetches(Uris uris, String publicScheme, RemoteActors remoteActors,
      CopyHolderStore copyHolders) {
    this.uris = uris;
    this.publicScheme = publicScheme;
    this.remoteActors = remoteActors;
    this.copyHolders = copyHolders;
  }

  /** Notes that the request's signer fetched something of {@code member}'s; never fails the request. */
  public void noteFetch(RoutingContext ctx, Account member) {
    MultiMap headers = ctx.request().headers();
    if (!member.isLocal() || member.deletedAt() != null
        || (headers.get("Signature") == null && headers.get("Signature-Input") == null)) {
      return;
    }
    String authority = headers.get("Host") != null ? headers.get("Host") : uris.authority();
    ParsedSignature signature;
    try {
      signature = SignatureVerifier.parse(new SignedRequest(ctx.request().method().name(),
          ctx.request().uri(), authority, publicScheme, headers,
          new byte[0]), Instant.now());
    } catch (SignatureException | RuntimeException e) {
      return;
    }
    String key = member.id() + " " + signature.keyId();
    if (recent.getIfPresent(key) != null) {
      return;
    }
    remoteActors.keyFor(signature.keyId())
        .compose(signer -> {
          try {
            SignatureVerifier.verify(signature, signer.publicKey());
          } catch (SignatureException e) {
            return io.vertx.core.Future.<Void>failedFuture(e);
          }
          Account owner = signer.owner();
          if (owner.isLocal() || owner.inboxUrl() == null) {
            return io.vertx.core.Future.<Void>succeededFuture();
          }
          recent.put(key, Boolean.TRUE);
          return copyHolders.record(member.id(), owner.domain(),
              owner.sharedInboxUrl() != null ? owner.sharedInboxUrl() : owner.inboxUrl(),
              owner.sharedInboxUrl() != null);
        })
        .onFailure(failure -> LOG.debug("Signed fetch by {} not recorded: {}", signature.keyId(),
            failure.toString()));
  }
}
