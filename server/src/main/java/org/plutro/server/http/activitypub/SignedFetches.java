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
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
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

  private final AppContext app;
  /** (member, key id) pairs recorded lately: recorded again after a minute. */
  private final Cache<String, Boolean> recent = Caffeine.newBuilder()
      .maximumSize(REMEMBERED).expireAfterWrite(RECHECK).executor(Runnable::run).build();

  public SignedFetches(AppContext app) {
    this.app = app;
  }

  /** Notes that the request's signer fetched something of {@code member}'s; never fails the request. */
  public void noteFetch(RoutingContext ctx, Account member) {
    MultiMap headers = ctx.request().headers();
    if (!member.isLocal() || member.deletedAt() != null
        || (headers.get("Signature") == null && headers.get("Signature-Input") == null)) {
      return;
    }
    String authority = headers.get("Host") != null ? headers.get("Host") : app.uris().authority();
    ParsedSignature signature;
    try {
      signature = SignatureVerifier.parse(new SignedRequest(ctx.request().method().name(),
          ctx.request().uri(), authority, app.settings().publicUrl().getScheme(), headers,
          new byte[0]), Instant.now());
    } catch (SignatureException | RuntimeException e) {
      return;
    }
    String key = member.id() + " " + signature.keyId();
    if (recent.getIfPresent(key) != null) {
      return;
    }
    app.remoteActors().keyFor(signature.keyId())
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
          return app.copyHolders().record(member.id(), owner.domain(),
              owner.sharedInboxUrl() != null ? owner.sharedInboxUrl() : owner.inboxUrl(),
              owner.sharedInboxUrl() != null);
        })
        .onFailure(failure -> LOG.debug("Signed fetch by {} not recorded: {}", signature.keyId(),
            failure.toString()));
  }
}
