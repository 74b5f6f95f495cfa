package org.plutro.server.federation.remote;

import org.plutro.server.federation.json.Refs;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.vocab.Actor;
import org.plutro.server.domain.PublishedKey;

/**
 * The keys an actor publishes: its {@code publicKey} (Mastodon, GoToSocial, Misskey; one or
 * several) and the Multikeys of its {@code assertionMethod} (Fedify, Mitra; RSA or Ed25519). A key
 * counts only when its id is on the actor's origin and the actor owns it; a {@code publicKey}
 * owned by another actor makes the whole document unacceptable. A key that cannot be read (bad
 * PEM or multibase, unknown key type) is left out, so it verifies nothing.
 */
final class PublishedKeys {
  /** More than any peer publishes; a document listing hundreds gets the first ones. */
  static final int MOST = 16;

  private PublishedKeys() {}

  /**
   * The readable keys of {@code actor} (fetched as {@code actorId}), publicKey entries first, each
   * key id once.
   *
   * @throws IllegalArgumentException when a publicKey names another owner
   */
  static List<PublishedKey> of(Actor actor, String actorId) {
    return read(actor, actorId, new LinkedHashMap<>());
  }

  /** Why {@code actor} does not publish {@code keyId} as a key of its own (for the log). */
  static String whyNot(Actor actor, String actorId, String keyId) {
    Map<String, String> passedOver = new LinkedHashMap<>();
    read(actor, actorId, passedOver);
    String why = passedOver.get(keyId);
    return "key " + keyId + (why != null ? " is " + why + " in " + actorId
        : " is not among the keys " + actorId + " publishes");
  }

  private static List<PublishedKey> read(Actor actor, String actorId, Map<String, String> passedOver) {
    Map<String, PublishedKey> keys = new LinkedHashMap<>();
    for (Actor.PublicKey key : actor.publicKeys()) {
      if (!actorId.equals(key.owner())) {
        throw new IllegalArgumentException("the actor's key belongs to someone else");
      }
      String pem = key.publicKeyPem();
      add(keys, passedOver, key.id(), actorId, pem == null ? null : () -> KeyPairs.publicKeyFromPem(pem));
    }
    for (Actor.Multikey method : actor.assertionMethods()) {
      if (!method.isMultikey()) {
        continue;
      }
      // A verification method controlled by someone else is theirs to vouch for, not this actor's.
      if (!actorId.equals(method.controller())) {
        if (method.id() != null) {
          passedOver.putIfAbsent(method.id(), "controlled by another actor");
        }
        continue;
      }
      String multibase = method.publicKeyMultibase();
      add(keys, passedOver, method.id(), actorId,
          multibase == null ? null : () -> KeyPairs.fromMultibase(multibase));
    }
    return new ArrayList<>(keys.values());
  }

  /** The first publicKey entry, if it is readable: what the account row keeps as its key. */
  static PublishedKey main(Actor actor, List<PublishedKey> keys) {
    String id = actor.publicKeys().isEmpty() ? null : actor.publicKeys().get(0).id();
    return keys.stream().filter(key -> key.keyId().equals(id)).findFirst().orElse(null);
  }

  private static void add(Map<String, PublishedKey> keys, Map<String, String> passedOver,
      String keyId, String actorId, Supplier<PublicKey> reader) {
    if (keyId == null || keys.containsKey(keyId) || keys.size() >= MOST) {
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
}
