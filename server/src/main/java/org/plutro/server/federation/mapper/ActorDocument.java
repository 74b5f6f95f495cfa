package org.plutro.server.federation.mapper;

import org.plutro.federation.vocab.Vocab;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.FieldAudience;
import org.plutro.server.domain.ActorKeys;
import org.plutro.server.uri.Uris;

/**
 * A local actor as ActivityPub JSON: what Mastodon, GoToSocial and Fedify read. Terms outside the
 * standard contexts (Mastodon's {@code toot:}, schema.org's PropertyValue) are defined inline: a
 * context URL of our own would make Fedify peers fail.
 */
public final class ActorDocument {
  /** Keys (security, Multikey, did/v1 for assertionMethod) and Mastodon's profile terms: the vocabulary's. */
  public static final JsonArray CONTEXT = Vocab.actorContext();

  private ActorDocument() {}

  public static JsonObject of(Account account, ActorKeys keys, Uris uris) {
    String id = account.uri();
    JsonObject actor = new JsonObject()
        .put("@context", CONTEXT.copy())
        .put("id", id)
        .put("type", account.actorType())
        .put("preferredUsername", account.username())
        .put("name", account.displayName())
        .put("summary", account.note())
        .put("url", account.url())
        .put("inbox", account.inboxUrl())
        .put("outbox", account.outboxUrl());
    if (account.followersUrl() != null) {
      actor.put("followers", account.followersUrl())
          .put("following", account.followingUrl())
          .put("featured", account.featuredUrl());
    } else if ("Application".equals(account.actorType())) {
      // GoToSocial fetches an actor's featured collection even when it names none (and logs
      // the failure): the instance actor names one, always empty.
      actor.put("featured", uris.instanceFeatured());
    }
    actor.put("endpoints", new JsonObject().put("sharedInbox", uris.sharedInbox()))
        .put("manuallyApprovesFollowers", account.locked() || "Application".equals(account.actorType()))
        .put("discoverable", account.discoverable())
        .put("indexable", account.indexable())
        .put("published", account.createdAt().toInstant().toString())
        .put("publicKey", new JsonObject()
            .put("id", uris.mainKey(id))
            .put("owner", id)
            .put("publicKeyPem", keys.rsaPublicPem()))
        .put("assertionMethod", new JsonArray()
            .add(multikey(uris.mainKey(id), id, KeyPairs.toMultibase(keys.rsaPublic())))
            .add(multikey(uris.ed25519Key(id), id, KeyPairs.toMultibase(keys.ed25519Public()))));
    JsonArray attachment = new JsonArray();
    // Only fields for everyone are federated; the others stay on this server (policy 2.2).
    for (Object field : account.fields()) {
      if (field instanceof JsonObject f && FieldAudience.of(f) == FieldAudience.EVERYONE) {
        attachment.add(new JsonObject().put("type", "PropertyValue")
            .put("name", f.getString("name", "")).put("value", f.getString("value", "")));
      }
    }
    actor.put("attachment", attachment).put("tag", new JsonArray());
    if (account.avatarUrl() != null) {
      actor.put("icon", image(account.avatarUrl()));
    }
    if (account.headerUrl() != null) {
      actor.put("image", image(account.headerUrl()));
    }
    if (account.suspended()) {
      // As Mastodon: peers learn of the suspension, and see nothing more of the profile.
      actor.put("suspended", true).put("name", "").put("summary", "").put("attachment", new JsonArray());
      actor.remove("icon");
      actor.remove("image");
    }
    return actor;
  }

  private static JsonObject multikey(String id, String controller, String multibase) {
    return new JsonObject().put("id", id).put("type", "Multikey").put("controller", controller)
        .put("publicKeyMultibase", multibase);
  }

  private static JsonObject image(String url) {
    String lower = url.toLowerCase();
    String type = lower.endsWith(".png") ? "image/png" : lower.endsWith(".gif") ? "image/gif"
        : lower.endsWith(".webp") ? "image/webp" : "image/jpeg";
    return new JsonObject().put("type", "Image").put("mediaType", type).put("url", url);
  }
}
