package org.plutro.server.http.activitypub;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.ContentNegotiation;
import org.plutro.server.http.Responses;
import org.plutro.server.policy.DomainBlocks;

/**
 * Secure mode ({@code PLUTRO_SECURE_MODE}, Mastodon's authorized fetch): an ActivityPub GET of a
 * member's actor, posts or collections must be signed by a server whose key verifies, and that
 * server's domain must not be suspended (nor, in limited federation mode, be one not allowed:
 * that mode always requires signed fetches, as Mastodon's does). Unsigned requests for an actor get its minimal document
 * (what verifying its signatures needs). The instance actor, WebFinger and NodeInfo stay open, and
 * requests with an OAuth bearer token (client-to-server) are the API's business.
 */
public final class SecureMode implements Handler<RoutingContext> {
  /** Set on the context for an unsigned actor request: answer the minimal actor. */
  static final String MINIMAL_ACTOR = "plutro.minimalActor";
  private final SignedFetch signedFetch;
  private final DomainBlocks domainBlocks;

  public SecureMode(SignedFetch signedFetch, DomainBlocks domainBlocks) {
    this.signedFetch = signedFetch;
    this.domainBlocks = domainBlocks;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    boolean activityPub = (path.startsWith("/users/") || path.startsWith("/@"))
        && (ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD)
        && !ContentNegotiation.wantsHtmlHere(ctx);
    String authorization = ctx.request().getHeader("Authorization");
    if (!activityPub || (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))) {
      ctx.next();
      return;
    }
    signedFetch.signer(ctx).onComplete(result -> {
      if (result.failed() && result.cause() instanceof ServiceException refused && refused.status() == 403) {
        Responses.error(ctx, 403, refused.getMessage());
        return;
      }
      var signer = result.succeeded() ? result.result() : java.util.Optional.<org.plutro.server.domain.Account>empty();
      if (signer.isPresent()) {
        if (!domainBlocks.mayFederate(signer.get().domain())) {
          Responses.error(ctx, 403, "This server does not serve your domain");
        } else {
          ctx.next();
        }
        return;
      }
      if (isActor(path)) {
        ctx.put(MINIMAL_ACTOR, true);
        ctx.next();
        return;
      }
      Responses.error(ctx, 401, "Request not signed (this server requires signed fetches)");
    });
  }

  private static boolean isActor(String path) {
    return path.matches("^/users/[A-Za-z0-9_]+/?$") || path.matches("^/@[A-Za-z0-9_]+/?$");
  }
}
