package org.plutro.server.testrig;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.signature.HttpSignatureSigner;

/**
 * Another server on loopback, under the test's control: it serves actors with real RSA keys
 * (Mastodon-shaped, key embedded in the actor) and an inbox that records what it is sent and can
 * be told to fail, or to hang, to exercise retries.
 */
public final class FakeRemote implements AutoCloseable {
  /** One actor of this fake server, with the key it signs with. */
  public record Actor(String username, String uri, String keyId, KeyPair keys) {
    public RequestSigner signer() {
      return new HttpSignatureSigner(keyId, keys.getPrivate());
    }
  }

  /** A request the inbox received. */
  public record Received(String path, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final String base;
  private final Map<String, Actor> actors = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger inboxStatus = new AtomicInteger(202);
  private volatile boolean hang;
  private volatile long answerAfterMs;
  private final AtomicInteger actorFetches = new AtomicInteger();

  public FakeRemote() {
    int port = TestInstance.freePort();
    base = "http://127.0.0.1:" + port;
    server = vertx.createHttpServer().requestHandler(this::handle);
    try {
      server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String base() {
    return base;
  }

  public String authority() {
    return URI.create(base).getRawAuthority();
  }

  public Actor actor(String username) {
    return actors.computeIfAbsent(username, name -> {
      String uri = base + "/users/" + name;
      return new Actor(name, uri, uri + "#main-key", KeyPairs.generateRsa());
    });
  }

  /**
   * An actor whose key is Ed25519, with id {@code #ed25519-key}, for integrity proofs: published
   * both as its {@code publicKey} (how {@code RemoteActors.keyFor} finds keys today) and as a
   * Multikey under {@code assertionMethod} (FEP-521a, where Fedify and Plutro publish theirs).
   */
  public Actor ed25519Actor(String username) {
    return actors.computeIfAbsent(username, name -> {
      String uri = base + "/users/" + name;
      return new Actor(name, uri, uri + "#ed25519-key", KeyPairs.generateEd25519());
    });
  }

  /** Replaces an actor's key, as a server rotating keys does. */
  public Actor rotateKey(String username) {
    Actor old = actor(username);
    Actor rotated = new Actor(username, old.uri(), old.keyId(), KeyPairs.generateRsa());
    actors.put(username, rotated);
    return rotated;
  }

  public List<Received> received() {
    return received;
  }

  public int actorFetches() {
    return actorFetches.get();
  }

  /** What the inbox answers from now on (202 normally; 503 to play dead). */
  public void inboxAnswers(int status) {
    inboxStatus.set(status);
  }

  /** The inbox answers each request this long after it arrives (a slow server). */
  public void answerInboxAfter(long millis) {
    this.answerAfterMs = millis;
  }

  /** The inbox takes requests and never answers (a stalled server). */
  public void hangInbox(boolean hang) {
    this.hang = hang;
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (request.method().name().equals("POST") && path.endsWith("inbox")) {
      request.body().onSuccess(body -> {
        if (hang) {
          return;
        }
        int status = inboxStatus.get();
        if (status < 300) {
          received.add(new Received(path, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
              body.toString()));
        }
        if (answerAfterMs > 0) {
          vertx.setTimer(answerAfterMs, id -> request.response().setStatusCode(status).end());
        } else {
          request.response().setStatusCode(status).end();
        }
      });
      return;
    }
    if (path.startsWith("/users/")) {
      Actor actor = actors.get(path.substring("/users/".length()));
      if (actor == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      actorFetches.incrementAndGet();
      request.response().putHeader("Content-Type", "application/activity+json")
          .end(document(actor).encode());
      return;
    }
    if (path.equals("/.well-known/webfinger")) {
      String resource = request.getParam("resource");
      String name = resource == null ? "" : resource.replaceFirst("^acct:", "").split("@")[0];
      Actor actor = actors.get(name);
      if (actor == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().putHeader("Content-Type", "application/jrd+json")
          .end(new JsonObject().put("subject", "acct:" + name + "@" + authority())
              .put("links", new JsonArray().add(new JsonObject().put("rel", "self")
                  .put("type", "application/activity+json").put("href", actor.uri()))).encode());
      return;
    }
    request.response().setStatusCode(404).end();
  }

  public JsonObject document(Actor actor) {
    boolean ed25519 = KeyPairs.isEd25519(actor.keys().getPublic());
    JsonArray context = new JsonArray().add("https://www.w3.org/ns/activitystreams")
        .add("https://w3id.org/security/v1");
    if (ed25519) {
      context.add("https://w3id.org/security/data-integrity/v1").add("https://www.w3.org/ns/did/v1")
          .add("https://w3id.org/security/multikey/v1");
    }
    JsonObject document = new JsonObject()
        .put("@context", context)
        .put("id", actor.uri())
        .put("type", "Person")
        .put("preferredUsername", actor.username())
        .put("name", actor.username().toUpperCase())
        .put("inbox", actor.uri() + "/inbox")
        .put("outbox", actor.uri() + "/outbox")
        .put("followers", actor.uri() + "/followers")
        .put("following", actor.uri() + "/following")
        .put("endpoints", new JsonObject().put("sharedInbox", base + "/inbox"))
        .put("publicKey", new JsonObject().put("id", actor.keyId()).put("owner", actor.uri())
            .put("publicKeyPem", KeyPairs.toPem(actor.keys().getPublic())));
    if (ed25519) {
      document.put("assertionMethod", new JsonArray().add(new JsonObject().put("id", actor.keyId())
          .put("type", "Multikey").put("controller", actor.uri())
          .put("publicKeyMultibase", KeyPairs.toMultibase(actor.keys().getPublic()))));
    }
    return document;
  }

  @Override
  public void close() {
    vertx.close();
  }
}
