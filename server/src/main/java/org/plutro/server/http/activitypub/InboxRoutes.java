package org.plutro.server.http.activitypub;

import org.plutro.server.federation.json.Refs;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.plutro.federation.signature.ParsedSignature;
import org.plutro.federation.signature.SignatureException;
import org.plutro.federation.signature.SignatureVerifier;
import org.plutro.federation.signature.SignedRequest;
import org.plutro.server.federation.inbox.InboxProcessor;
import org.plutro.server.federation.inbox.RefusedDeliveries;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.observe.Metrics;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/**
 * Personal and shared inboxes (the instance actor's is the shared one). Nothing is stored before
 * the signature is verified and its key's owner is the activity's actor (or, when another server
 * forwards it, the actor's integrity proof verifies); then the activity is queued (once per id)
 * and answered 202 at once. A request we cannot verify gets 401 — never a 2xx, which would stop a
 * double-knocking sender from retrying with the other signature standard. Each activity is
 * counted by type and outcome (queued, duplicate, ignored, unverified, actor_mismatch,
 * bad_origin, unstorable, bad_signature, blocked, malformed, no_recipient, error).
 */
public final class InboxRoutes {
  private static final Duration RECIPIENT_RECHECK = Duration.ofSeconds(5);
  private static final int RECENT_RECIPIENTS = 10_000;
  private final InboxProcessor inboxProcessor;
  private final AccountStore accounts;
  private final DomainBlocks domainBlocks;
  private final Metrics metrics;
  private final Uris uris;
  private final String publicScheme;
  /** Members whose inbox was found recently; looked for again after a few seconds. */
  private final Cache<String, Boolean> recentRecipients = Caffeine.newBuilder()
      .maximumSize(RECENT_RECIPIENTS).expireAfterWrite(RECIPIENT_RECHECK)
      .executor(Runnable::run).build();

  /** {@code publicScheme}: the scheme of the instance's public URL (http or https). */
  public InboxRoutes(InboxProcessor inboxProcessor, AccountStore accounts, DomainBlocks domainBlocks,
      Metrics metrics, Uris uris, String publicScheme) {
    this.inboxProcessor = inboxProcessor;
    this.accounts = accounts;
    this.domainBlocks = domainBlocks;
    this.metrics = metrics;
    this.uris = uris;
    this.publicScheme = publicScheme;
  }

  public void mount(Router router) {
    router.post("/users/:username/inbox").handler(this::receive);
    router.post("/inbox").handler(this::receive);
    // The instance actor's inbox is another name for the shared inbox.
    router.post("/actor/inbox").handler(this::receive);
    // Shared inboxes are written to, never read: a GET learns that (405), not "not found".
    for (String path : new String[] {"/inbox", "/actor/inbox"}) {
      router.get(path).handler(ctx -> {
        ctx.response().putHeader("Allow", "POST");
        ctx.fail(405);
      });
    }
  }

  private void receive(RoutingContext ctx) {
    byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0]
        : ctx.body().buffer().getBytes();
    String username = ctx.pathParam("username");
    ParsedSignature signature;
    try {
      signature = SignatureVerifier.parse(signedRequest(ctx, body), Instant.now());
    } catch (SignatureException e) {
      count(null, "bad_signature");
      inboxProcessor.refusals().refused(RefusedDeliveries.keyIdIn(ctx.request().headers()),
          e.getMessage());
      unauthorized(ctx, e.getMessage());
      return;
    }
    // A suspended server, or in limited federation mode one not allowed: 403, as Mastodon answers.
    if (!domainBlocks.mayFederateUrl(signature.keyId())) {
      count(null, "blocked");
      Responses.error(ctx, 403, "This server does not accept activities from your domain");
      return;
    }
    JsonObject activity;
    try {
      activity = new JsonObject(ctx.body().buffer());
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      count(null, "malformed");
      Responses.error(ctx, 400, "The body is not a JSON object");
      return;
    }
    String id = activity.getValue("id") instanceof String s ? s : null;
    String type = Refs.typeOf(activity);
    String actorUri = Refs.idOf(activity.getValue("actor"));
    if (id == null || type == null || actorUri == null) {
      count(type, "malformed");
      Responses.error(ctx, 400, "An activity needs an id, a type and an actor");
      return;
    }
    // Forwarded activities come through servers other than the actor's: check its domain too.
    if (!domainBlocks.mayFederateUrl(actorUri)) {
      count(type, "blocked");
      Responses.error(ctx, 403, "This server does not accept activities from your domain");
      return;
    }
    recipientExists(username)
        .compose(ok -> inboxProcessor.accept(signature, activity, ctx.body().buffer(), id, type,
            actorUri, username))
        .onFailure(failure -> count(type, failure instanceof ServiceException e && e.status() == 404
            ? "no_recipient" : "error"))
        .onSuccess(outcome -> {
          count(type, outcome.name().toLowerCase(Locale.ROOT));
          switch (outcome) {
            case QUEUED, DUPLICATE, IGNORED -> ctx.response().setStatusCode(202).end();
            case UNVERIFIED -> unauthorized(ctx, "The signature could not be verified");
            case ACTOR_MISMATCH -> unauthorized(ctx, "The signature's key does not belong to the activity's actor");
            case BAD_ORIGIN -> Responses.error(ctx, 400, "The activity or its object is not on the actor's origin");
            case UNSTORABLE -> Responses.error(ctx, 400, "The activity holds text that cannot be stored (such as a \\u0000 escape)");
          }
        })
        .onFailure(ctx::fail);
  }

  /**
   * Counts what became of an activity: by its type when we handle that type ("other" when we do
   * not, "unknown" before it is read), so that a peer cannot make up label values.
   */
  private void count(String type, String outcome) {
    metrics.inboxActivity(type == null ? "unknown"
        : inboxProcessor.handles(type) ? type : "other", outcome);
  }

  /**
   * A personal inbox must belong to a member. Busy inboxes are checked against the database once
   * every few seconds, not on every delivery.
   */
  private Future<Void> recipientExists(String username) {
    if (username == null) {
      return Future.succeededFuture();
    }
    if (recentRecipients.getIfPresent(username) != null) {
      return Future.succeededFuture();
    }
    return accounts.localByUsername(username).compose(found -> {
      if (found.isEmpty() || found.get().deletedAt() != null
          || !"Person".equals(found.get().actorType())) {
        recentRecipients.invalidate(username);
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      recentRecipients.put(username, Boolean.TRUE);
      return Future.succeededFuture();
    });
  }

  private SignedRequest signedRequest(RoutingContext ctx, byte[] body) {
    MultiMap headers = ctx.request().headers();
    String authority = headers.get("Host") != null ? headers.get("Host") : uris.authority();
    return new SignedRequest(ctx.request().method().name(), ctx.request().uri(), authority,
        publicScheme, headers, body);
  }

  private static void unauthorized(RoutingContext ctx, String why) {
    ctx.response().putHeader("WWW-Authenticate", "Signature realm=\"Plutro\"");
    Responses.error(ctx, 401, why);
  }
}
