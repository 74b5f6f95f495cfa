package org.plutro.server.federation.remote;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.domain.PublishedKey;

/**
 * The keys a (normalised) actor document publishes: its {@code publicKey} (Mastodon, GoToSocial,
 * Misskey; one or several) and the Multikeys of its {@code assertionMethod} (Fedify, Mitra; RSA or
 * Ed25519). A key counts only when its id is on the actor's origin and the actor owns it; a
 * {@code publicKey} owned by another actor makes the whole document unacceptable. A key that
 * cannot be read (bad PEM or multibase, unknown key type) is left out, so it verifies nothing.
 */
final class PublishedKeys {
  /** More than any peer publishes; a document listing hundreds gets the first ones. */
  static final int MOST = 16;

  private PublishedKeys() {}

  /**
   * The readable keys of {@code actor} (whose id is {@code actorId}), publicKey entries first,
   * each key id once.
   *
   * @throws IllegalArgumentException when a publicKey names another owner
   */
  static List<PublishedKey> of(JsonObject actor, String actorId) {
    return read(actor, actorId, new LinkedHashMap<>());
  }

  /** Why {@code actor} does not publish {@code keyId} as a key of its own (for the log). */
  static String whyNot(JsonObject actor, String actorId, String keyId) {
    Map<String, String> passedOver = new LinkedHashMap<>();
    read(actor, actorId, passedOver);
    String why = passedOver.get(keyId);
    return "key " + keyId + (why != null ? " is " + why + " in " + actorId
        : " is not among the keys " + actorId + " publishes");
  }

  private static List<PublishedKey> read(JsonObject actor, String actorId,
      Map<String, String> passedOver) {
    Map<String, PublishedKey> keys = new LinkedHashMap<>();
    for (JsonObject key : objects(actor.getValue("publicKey"))) {
      if (!actorId.equals(Refs.idOf(key.getValue("owner")))) {
        throw new IllegalArgumentException("the actor's key belongs to someone else");
      }
      String pem = key.getValue("publicKeyPem") instanceof String s ? s : null;
      add(keys, passedOver, key.getValue("id"), actorId,
          pem == null ? null : () -> KeyPairs.publicKeyFromPem(pem));
    }
    for (JsonObject method : objects(actor.getValue("assertionMethod"))) {
      String multibase = method.getValue("publicKeyMultibase") instanceof String s ? s : null;
      if (!"Multikey".equals(Refs.typeOf(method))) {
        continue;
      }
      // A verification method controlled by someone else is theirs to vouch for, not this actor's.
      if (!actorId.equals(Refs.idOf(method.getValue("controller")))) {
        if (method.getValue("id") instanceof String id) {
          passedOver.putIfAbsent(id, "controlled by another actor");
        }
        continue;
      }
      add(keys, passedOver, method.getValue("id"), actorId,
          multibase == null ? null : () -> KeyPairs.fromMultibase(multibase));
    }
    return new ArrayList<>(keys.values());
  }

  /** The first publicKey entry, if it is readable: what the account row keeps as its key. */
  static PublishedKey main(JsonObject actor, List<PublishedKey> keys) {
    List<JsonObject> declared = objects(actor.getValue("publicKey"));
    String id = declared.isEmpty() ? null : Refs.idOf(declared.get(0).getValue("id"));
    return keys.stream().filter(key -> key.keyId().equals(id)).findFirst().orElse(null);
  }

  private static void add(Map<String, PublishedKey> keys, Map<String, String> passedOver,
      Object id, String actorId, Supplier<PublicKey> reader) {
    if (!(id instanceof String keyId) || keys.containsKey(keyId) || keys.size() >= MOST) {
      return;
    }
    if (!Refs.sameOrigin(keyId, actorId)) {
      passedOver.putIfAbsent(keyId, "on another origin than its actor");
      return;
    }
    try {
      if (reader == null) {
        throw new IllegalArgumentException("no key material");
      }
      keys.put(keyId, PublishedKey.of(keyId, reader.get()));
    } catch (IllegalArgumentException e) {
      // Unreadable: the key is not stored, and a signature naming it will not verify.
      passedOver.putIfAbsent(keyId, "unreadable (" + e.getMessage() + ")");
    }
  }

  private static List<JsonObject> objects(Object value) {
    List<JsonObject> objects = new ArrayList<>();
    if (value instanceof JsonObject object) {
      objects.add(object);
    } else if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof JsonObject object) {
          objects.add(object);
        }
      }
    }
    return objects;
  }
}
