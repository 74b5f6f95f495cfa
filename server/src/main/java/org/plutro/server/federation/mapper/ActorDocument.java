package org.plutro.server.federation.mapper;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.vocab.Actor;
import org.plutro.federation.vocab.Media;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ActorKeys;
import org.plutro.server.domain.FieldAudience;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.MoveStore;
import org.plutro.server.uri.Uris;

/**
 * A local actor as ActivityPub writes it: what Mastodon, GoToSocial and Fedify read. Terms outside
 * the standard contexts (Mastodon's {@code toot:}, schema.org's PropertyValue) are defined inline
 * by the vocabulary: a context URL of our own would make Fedify peers fail.
 */
public final class ActorDocument {
  private ActorDocument() {}

  /** The member's actor as peers are to see it now: its keys and its move (aliases, new account) read. */
  public static Future<Actor> load(AccountStore accounts, MoveStore moves, Account account, Uris uris) {
    return accounts.keys(account.id()).compose(keys -> moves.identity(account.id())
        .map(identity -> of(account, keys.orElseThrow(), identity, uris)));
  }

  public static Actor of(Account account, ActorKeys keys, MoveStore.Identity identity, Uris uris) {
    String id = account.uri();
    boolean application = "Application".equals(account.actorType());
    Actor.Builder actor = Actor.builder(id, account.actorType())
        .preferredUsername(account.username())
        .name(account.displayName())
        .summary(account.note())
        .url(account.url())
        .inbox(account.inboxUrl())
        .outbox(account.outboxUrl())
        .sharedInbox(uris.sharedInbox())
        .manuallyApprovesFollowers(account.locked() || application)
        .discoverable(account.discoverable())
        .indexable(account.indexable())
        .published(account.createdAt().toInstant())
        .publicKeys(List.of(new Actor.PublicKey(uris.mainKey(id), id, keys.rsaPublicPem())))
        .assertionMethods(List.of(
            Actor.Multikey.of(uris.mainKey(id), id, KeyPairs.toMultibase(keys.rsaPublic())),
            Actor.Multikey.of(uris.ed25519Key(id), id, KeyPairs.toMultibase(keys.ed25519Public()))))
        .fields(fields(account))
        .alsoKnownAs(identity.alsoKnownAs())
        .movedTo(identity.movedTo());
    if (account.followersUrl() != null) {
      actor.followers(account.followersUrl())
          .following(account.followingUrl())
          .featured(account.featuredUrl());
    } else if (application) {
      // GoToSocial fetches an actor's featured collection even when it names none (and logs
      // the failure): the instance actor names one, always empty.
      actor.featured(uris.instanceFeatured());
    }
    if (account.avatarUrl() != null) {
      actor.icon(image(account.avatarUrl()));
    }
    if (account.headerUrl() != null) {
      actor.image(image(account.headerUrl()));
    }
    if (account.suspended()) {
      // As Mastodon: peers learn of the suspension, and see nothing more of the profile.
      actor.suspended(true).name("").summary("").fields(List.of()).icon(null).image(null);
    }
    return actor.build();
  }

  /** Only fields for everyone are federated; the others stay on this server (policy 2.2). */
  private static List<Actor.PropertyValue> fields(Account account) {
    List<Actor.PropertyValue> fields = new ArrayList<>();
    for (Object field : account.fields()) {
      if (field instanceof JsonObject f && FieldAudience.of(f) == FieldAudience.EVERYONE) {
        fields.add(new Actor.PropertyValue(f.getString("name", ""), f.getString("value", "")));
      }
    }
    return fields;
  }

  private static Media image(String url) {
    String lower = url.toLowerCase();
    String type = lower.endsWith(".png") ? "image/png" : lower.endsWith(".gif") ? "image/gif"
        : lower.endsWith(".webp") ? "image/webp" : "image/jpeg";
    return Media.image(type, url);
  }
}
