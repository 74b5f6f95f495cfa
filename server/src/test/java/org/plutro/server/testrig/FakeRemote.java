package org.plutro.server.testrig;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
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
 * Another server on loopback, under the test's control: it serves actors with real keys
 * (Mastodon-shaped by default, RSA key embedded in the actor; or in the other shapes peers
 * publish keys in, see {@link KeyShape}), any document a test puts at a path, and an inbox that
 * records what it is sent and can be told to fail, or to hang, to exercise retries.
 */
public final class FakeRemote implements AutoCloseable {
  /** How an actor publishes the key it signs with, as the servers people run do. */
  public enum KeyShape {
    /** Mastodon, Misskey, Pleroma: in the actor; key id = actor + "#main-key". */
    EMBEDDED,
    /**
     * GoToSocial: key id = actor + "/main-key", a URL answering a bare copy of the actor (the actor's
     * id, type and key, no inbox); the actor embeds the key too.
     */
    BARE_ACTOR,
    /** A key document of its own at the key id ({@code CryptographicKey} with an owner). */
    KEY_DOCUMENT,
    /**
     * Fedify, Mitra: the RSA key is also a Multikey of {@code assertionMethod} (actor +
     * "#multikey-1"), the id it signs with.
     */
    MULTIKEY_RSA,
    /**
     * Fedify, Mitra: signs with an Ed25519 Multikey of {@code assertionMethod} (actor +
     * "#multikey-2"); the RSA key is still the publicKey and "#multikey-1".
     */
    MULTIKEY_ED25519
  }

  /**
   * One actor of this fake server: the key it signs with ({@code keys}, named {@code keyId}), the
   * shape it publishes it in, and its RSA main key (the same pair unless it signs with Ed25519).
   */
  public record Actor(String username, String uri, String keyId, KeyPair keys, KeyShape shape,
      KeyPair rsa) {
    public Actor(String username, String uri, String keyId, KeyPair keys) {
      this(username, uri, keyId, keys, KeyShape.EMBEDDED, keys);
    }

    /**
     * Signs as the actor's server does: draft-cavage rsa-sha256 (Mastodon), or hs2019
     * (GoToSocial, and any peer signing with an Ed25519 key).
     */
    public RequestSigner signer() {
      return shape == KeyShape.BARE_ACTOR || KeyPairs.isEd25519(keys.getPrivate())
          ? new Hs2019Signer(keyId, keys.getPrivate())
          : new HttpSignatureSigner(keyId, keys.getPrivate());
    }

    /** Signs with RFC 9421 or draft-cavage as asked (alg ed25519 for an Ed25519 key). */
    public RequestSigner standardSigner() {
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
  private final Map<String, JsonObject> served = new ConcurrentHashMap<>();
  private final Map<String, File> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> fileFetches = new ConcurrentHashMap<>();

  private record File(String contentType, byte[] bytes) {}
  /** The contexts a Fedify actor names. */
  static final JsonArray FEDIFY_CONTEXT = new JsonArray()
      .add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1")
      .add("https://w3id.org/security/data-integrity/v1").add("https://www.w3.org/ns/did/v1")
      .add("https://w3id.org/security/multikey/v1");

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
    return actor(username, KeyShape.EMBEDDED);
  }

  /** The actor with this name, publishing its key in {@code shape} (the first call decides). */
  public Actor actor(String username, KeyShape shape) {
    return actors.computeIfAbsent(username, name -> {
      String uri = base + "/users/" + name;
      KeyPair rsa = KeyPairs.generateRsa();
      return switch (shape) {
        case EMBEDDED -> new Actor(name, uri, uri + "#main-key", rsa, shape, rsa);
        case BARE_ACTOR -> new Actor(name, uri, uri + "/main-key", rsa, shape, rsa);
        case KEY_DOCUMENT -> new Actor(name, uri, base + "/keys/" + name, rsa, shape, rsa);
        case MULTIKEY_RSA -> new Actor(name, uri, uri + "#multikey-1", rsa, shape, rsa);
        case MULTIKEY_ED25519 ->
            new Actor(name, uri, uri + "#multikey-2", KeyPairs.generateEd25519(), shape, rsa);
      };
    });
  }

  /**
   * An actor whose own key is Ed25519, for integrity proofs: a Multikey of {@code assertionMethod}
   * as Fedify publishes it (FEP-521a), which it also signs requests with.
   */
  public Actor ed25519Actor(String username) {
    return actor(username, KeyShape.MULTIKEY_ED25519);
  }

  /** Replaces an actor's key, as a server rotating keys does. */
  public Actor rotateKey(String username) {
    Actor old = actor(username);
    KeyPair fresh = KeyPairs.isEd25519(old.keys().getPrivate())
        ? KeyPairs.generateEd25519() : KeyPairs.generateRsa();
    Actor rotated = new Actor(username, old.uri(), old.keyId(), fresh, old.shape(),
        old.rsa() == old.keys() ? fresh : old.rsa());
    actors.put(username, rotated);
    return rotated;
  }

  /** Answers {@code document} at {@code path} from now on, whatever would be there otherwise. */
  public void serve(String path, JsonObject document) {
    served.put(path, document);
  }

  /** Answers {@code bytes} as {@code contentType} at {@code path} (a picture, or anything else). */
  public void serveFile(String path, String contentType, byte[] bytes) {
    files.put(path, new File(contentType, bytes));
  }

  /** How many times {@code path} (a file from {@link #serveFile}) was asked for. */
  public int fetches(String path) {
    AtomicInteger count = fileFetches.get(path);
    return count == null ? 0 : count.get();
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
    if (files.containsKey(path)) {
      fileFetches.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      File file = files.get(path);
      request.response().putHeader("Content-Type", file.contentType()).end(Buffer.buffer(file.bytes()));
      return;
    }
    if (served.containsKey(path)) {
      request.response().putHeader("Content-Type", "application/activity+json")
          .end(served.get(path).encode());
      return;
    }
    if (path.startsWith("/users/") || path.startsWith("/keys/")) {
      String[] parts = path.split("/");
      Actor actor = parts.length > 2 ? actors.get(parts[2]) : null;
      JsonObject document = actor == null ? null
          : parts.length == 3 && parts[1].equals("users") ? document(actor)
          : path.equals(URI.create(actor.keyId()).getPath()) && actor.shape() == KeyShape.BARE_ACTOR
              ? bareActor(actor)
          : path.equals(URI.create(actor.keyId()).getPath()) && actor.shape() == KeyShape.KEY_DOCUMENT
              ? keyDocument(actor) : null;
      if (document == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      if (parts.length == 3 && parts[1].equals("users")) {
        actorFetches.incrementAndGet();
      }
      request.response().putHeader("Content-Type", "application/activity+json")
          .end(document.encode());
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
                  .put("type", "application/activity+json").put("href", actor.uri()))
                  // Where its people follow and answer from (a Mastodon's remote-interaction page).
                  .add(new JsonObject().put("rel", "http://ostatus.org/schema/1.0/subscribe")
                      .put("template", base + "/authorize_interaction?uri={uri}"))).encode());
      return;
    }
    request.response().setStatusCode(404).end();
  }

  /** The actor's document, with its keys in the actor's shape. */
  public JsonObject document(Actor actor) {
    JsonObject document = mastodonDocument(actor);
    switch (actor.shape()) {
      case EMBEDDED -> { }
      case KEY_DOCUMENT -> document.put("publicKey", publicKey(actor, actor.keyId()));
      // GoToSocial's actor context names schema.org's by URL (docs/federation/actors.md).
      case BARE_ACTOR -> document.put("@context", new JsonArray().add("http://joinmastodon.org/ns")
              .add("https://w3id.org/security/v1").add("https://www.w3.org/ns/activitystreams")
              .add("http://schema.org"))
          .put("attachment", new JsonArray().add(new JsonObject().put("type", "PropertyValue")
              .put("name", "pronouns").put("value", "they/them")))
          .put("publicKey", publicKey(actor, actor.keyId()));
      case MULTIKEY_RSA, MULTIKEY_ED25519 -> {
        document.put("@context", FEDIFY_CONTEXT.copy())
            .put("publicKey", publicKey(actor, actor.uri() + "#main-key"));
        JsonArray methods = new JsonArray()
            .add(multikey(actor.uri() + "#multikey-1", actor.uri(), actor.rsa()));
        if (actor.shape() == KeyShape.MULTIKEY_ED25519) {
          methods.add(multikey(actor.keyId(), actor.uri(), actor.keys()));
        }
        document.put("assertionMethod", methods);
      }
    }
    return document;
  }

  /** What GoToSocial answers at its key id: the actor's id and key, and nothing else of it. */
  public JsonObject bareActor(Actor actor) {
    return new JsonObject()
        .put("@context", new JsonArray().add("https://w3id.org/security/v1")
            .add("https://www.w3.org/ns/activitystreams"))
        .put("id", actor.uri()).put("type", "Person")
        .put("publicKey", publicKey(actor, actor.keyId()));
  }

  /** A key served as a document of its own. */
  public JsonObject keyDocument(Actor actor) {
    return publicKey(actor, actor.keyId()).put("type", "CryptographicKey")
        .put("@context", "https://w3id.org/security/v1");
  }

  /** The actor's RSA key as a publicKey entry named {@code keyId}. */
  public static JsonObject publicKey(Actor actor, String keyId) {
    return new JsonObject().put("id", keyId).put("owner", actor.uri())
        .put("publicKeyPem", KeyPairs.toPem(actor.rsa().getPublic()));
  }

  /** A Multikey of assertionMethod, as Fedify writes one. */
  public static JsonObject multikey(String id, String controller, KeyPair keys) {
    return new JsonObject().put("id", id).put("type", "Multikey").put("controller", controller)
        .put("publicKeyMultibase", KeyPairs.toMultibase(keys.getPublic()));
  }

  private JsonObject mastodonDocument(Actor actor) {
    return new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add("https://w3id.org/security/v1"))
        .put("id", actor.uri())
        .put("type", "Person")
        .put("preferredUsername", actor.username())
        .put("name", actor.username().toUpperCase())
        .put("inbox", actor.uri() + "/inbox")
        .put("outbox", actor.uri() + "/outbox")
        .put("followers", actor.uri() + "/followers")
        .put("following", actor.uri() + "/following")
        .put("endpoints", new JsonObject().put("sharedInbox", base + "/inbox"))
        .put("publicKey", publicKey(actor, actor.keyId()));
  }

  @Override
  public void close() {
    vertx.close();
  }
}
