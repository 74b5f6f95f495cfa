package org.plutro.server.federation.inbox;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.security.PublicKey;
import org.plutro.federation.signature.ParsedSignature;
import org.plutro.federation.signature.SignatureException;
import org.plutro.federation.signature.SignatureVerifier;
import org.plutro.federation.vocab.VocabException;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.handler.ActivityHandlers;
import org.plutro.server.federation.handler.Inbound;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.federation.json.JsonLd;
import org.plutro.server.service.SuspendedAccounts;
import org.plutro.server.store.AccountStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.plutro.server.store.JobStore;

/**
 * Takes in what inboxes receive: verifies (refetching the actor once if the cached key fails — key
 * rotation), checks the signer is the actor — or, for an activity another server forwards, that
 * the actor's integrity proof verifies — records the activity id so a repeated delivery is a
 * no-op, and queues it. The queued job normalises the JSON-LD and runs the type's handler.
 */
public final class InboxProcessor {
  public static final String JOB = "inbox";
  private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);
  /** JSON that PostgreSQL cannot hold (an escaped NUL character, for one): refused, not retried. */
  private static final Set<String> UNSTORABLE_TEXT = Set.of("22P05", "22P02", "22021");
  /** What became of an incoming activity; the route turns it into a status code. */
  public enum Outcome { QUEUED, DUPLICATE, IGNORED, UNVERIFIED, ACTOR_MISMATCH, BAD_ORIGIN, UNSTORABLE }

  private final AccountStore accounts;
  private final JsonLd jsonLd;
  private final SuspendedAccounts suspendedAccounts;
  private final InboxIntake intake;
  private final RemoteActors actors;
  private final ActivityHandlers handlers;
  private final JobQueue jobs;
  private final ActivityProofs proofs;
  private final RefusedDeliveries refusals = new RefusedDeliveries();

  /** The verified signer of a delivery, or why there is none. */
  private record Signer(Account owner, String refusal) {}

  public InboxProcessor(AccountStore accounts, RemoteActors remoteActors, JsonLd jsonLd,
      SuspendedAccounts suspendedAccounts, ActivityHandlers handlers, JobQueue jobs, JobStore jobStore) {
    this.accounts = accounts;
    this.jsonLd = jsonLd;
    this.suspendedAccounts = suspendedAccounts;
    this.jobs = jobs;
    this.intake = new InboxIntake(jobStore, jobs.leaseSeconds());
    this.actors = remoteActors;
    this.proofs = new ActivityProofs(actors);
    this.handlers = handlers;
  }

  /**
   * {@code body} is the request body {@code activity} was parsed from: it goes into the queued job
   * as it came, so the activity is not encoded again.
   */
  public Future<Outcome> accept(ParsedSignature signature, JsonObject activity, Buffer body,
      String id, String type, String actorUri, String recipient) {
    // A closed account we never knew, or have removed already: nothing to remove, and no reason
    // to fetch it (it is gone; its keys went with it).
    if ("Delete".equals(type) && actorUri.equals(Refs.idOf(activity.getValue("object")))) {
      return accounts.byUri(actorUri).compose(known -> known.isEmpty()
              || known.get().deletedAt() != null
          ? Future.succeededFuture(Outcome.IGNORED)
          : verifyAndQueue(signature, activity, body, id, type, actorUri, recipient));
    }
    return verifyAndQueue(signature, activity, body, id, type, actorUri, recipient);
  }

  private Future<Outcome> verifyAndQueue(ParsedSignature signature, JsonObject activity,
      Buffer body, String id, String type, String actorUri, String recipient) {
    String keyId = signature.keyId();
    return httpSigner(signature).compose(signer -> {
      if (signer.owner() == null) {
        refusals.refused(keyId, signer.refusal());
        return Future.succeededFuture(Outcome.UNVERIFIED);
      }
      if (signer.owner().uri().equals(actorUri)) {
        return queue(signer.owner(), keyId, activity, body, id, type, actorUri, recipient);
      }
      // Signed by someone else: forwarded or relayed by a third server. The actor's own integrity
      // proof, if it verifies, shows the activity is theirs as they sent it (FEP-8b32; Mastodon
      // takes a Linked Data signature then). Without one, the signer may not speak for the actor.
      return proofs.verifiedActor(activity, actorUri).compose(actor -> {
        if (actor == null) {
          refusals.refused(keyId, "the key's owner " + signer.owner().uri() + " is not the actor "
              + actorUri + " of " + type + " " + id + ", and no proof of the actor verifies");
          return Future.succeededFuture(Outcome.ACTOR_MISMATCH);
        }
        return queue(actor, keyId, activity, body, id, type, actorUri, recipient);
      });
    });
  }

  /**
   * The owner of the key that made the HTTP signature, or why there is none: the key cannot be
   * had, or does not verify (refetched once if the cached key fails: key rotation).
   */
  private Future<Signer> httpSigner(ParsedSignature signature) {
    String keyId = signature.keyId();
    return actors.keyFor(keyId)
        .compose(key -> {
          String refusal = refusal(signature, key.publicKey());
          if (refusal == null) {
            return Future.succeededFuture(new Signer(key.owner(), null));
          }
          // The cached key failed: the actor may have rotated it. Refetch once and retry.
          return actors.refreshKey(keyId).map(fresh -> {
            if (fresh == null) {
              return new Signer(null, refusal + "; the key could not be fetched again");
            }
            String again = refusal(signature, fresh.publicKey());
            return again == null ? new Signer(fresh.owner(), null)
                : new Signer(null, again + " (with the key fetched again)");
          });
        })
        .otherwise(failure -> new Signer(null, "cannot get the key: " + failure.getMessage()));
  }

  /** The activity is the actor's: checked for origins, recorded once per id, and queued. */
  private Future<Outcome> queue(Account actor, String keyId, JsonObject activity, Buffer body,
      String id, String type, String actorUri, String recipient) {
    if (!Refs.sameOrigin(id, actorUri) || carriesForeignObject(type, activity, actorUri)) {
      refusals.refused(keyId, type + " " + id + " or its object is not on the actor's origin");
      return Future.succeededFuture(Outcome.BAD_ORIGIN);
    }
    if (!handlers.handles(type)) {
      return Future.succeededFuture(Outcome.IGNORED);
    }
    JsonObject job = new JsonObject().put("activity", activity).put("actor", actorUri);
    if (recipient != null) {
      job.put("recipient", recipient);
    }
    return intake.takeIn(new InboxIntake.Item(id, payload(body, actorUri, recipient), actor.domain()))
        .map(jobId -> {
          if (jobId == null) {
            return Outcome.DUPLICATE;
          }
          jobs.runClaimed(jobId, JOB, job);
          return Outcome.QUEUED;
        })
        .recover(failure -> {
          if (failure instanceof PgException pg && UNSTORABLE_TEXT.contains(pg.getSqlState())) {
            refusals.refused(keyId, type + " " + id + " holds text that cannot be stored");
            return Future.succeededFuture(Outcome.UNSTORABLE);
          }
          return Future.failedFuture(failure);
        });
  }

  /** Whether activities of this type have a handler (others are accepted and ignored). */
  public boolean handles(String type) {
    return handlers.handles(type);
  }

  /**
   * The queued job: normalise the JSON-LD off the event loop, then run the type's handler. The
   * activity's proof and Linked Data signature were for the door: they are not normalised (a
   * proof repeating its document's context would send every activity down the slow JSON-LD path).
   */
  public Future<Void> process(JsonObject job) {
    String actorUri = job.getString("actor");
    JsonObject received = job.getJsonObject("activity");
    if (received != null) {
      received.remove("proof");
      received.remove("signature");
    }
    return jsonLd.normalize(received)
        .compose(activity -> actors.stored(actorUri).compose(actor -> {
          if (actor.isEmpty() || actor.get().deletedAt() != null
              || suspendedAccounts.contains(actor.get().id())) {
            return Future.succeededFuture();
          }
          Inbound inbound = read(activity, actor.get());
          if (inbound == null) {
            return Future.succeededFuture();
          }
          return handlers.forType(inbound.type()).map(handler -> handler.handle(inbound))
              .orElseGet(Future::succeededFuture);
        }));
  }

  /**
   * The activity read once, or null when it is malformed: then it is dropped, as the handlers
   * drop what they cannot make sense of (taking it again would not make it readable).
   */
  private static Inbound read(JsonObject activity, Account actor) {
    try {
      return Inbound.read(activity, actor);
    } catch (VocabException e) {
      LOG.info("Dropped {} {} from {}: malformed {}", Refs.typeOf(activity),
          Refs.idOf(activity.getValue("id")), actor.uri(), e.getMessage());
      return null;
    }
  }

  /** The job's JSON, with the activity spliced in as received. */
  private static String payload(Buffer body, String actorUri, String recipient) {
    StringBuilder json = new StringBuilder(body.length() + 160)
        .append("{\"actor\":").append(Json.encode(actorUri));
    if (recipient != null) {
      json.append(",\"recipient\":").append(Json.encode(recipient));
    }
    return json.append(",\"activity\":").append(body.toString(StandardCharsets.UTF_8))
        .append('}').toString();
  }

  /** A created or updated object travels with its activity only from its own origin. */
  private static boolean carriesForeignObject(String type, JsonObject activity, String actorUri) {
    if (!"Create".equals(type) && !"Update".equals(type)) {
      return false;
    }
    Object object = activity.getValue("object");
    return object instanceof JsonObject embedded
        && !Refs.sameOrigin(embedded.getString("id"), actorUri);
  }

  /** Null when the signature verifies with {@code key}; else why not. */
  private static String refusal(ParsedSignature signature, PublicKey key) {
    try {
      SignatureVerifier.verify(signature, key);
      return null;
    } catch (SignatureException e) {
      return e.getMessage();
    }
  }

  /** Refused deliveries, logged at INFO with a limited rate (the routes note theirs here too). */
  public RefusedDeliveries refusals() {
    return refusals;
  }
}
