package org.plutro.server.federation.remote;

import org.plutro.server.federation.json.Refs;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.plutro.federation.vocab.Actor;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Media;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.PublishedKey;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.text.Html;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.AccountStore.OwnedKey;
import org.plutro.server.store.MoveStore;
import org.plutro.server.uri.Uris;

/**
 * Our cache of remote actors: looked up by id or by the id of any key they publish, fetched when
 * unknown, refreshed when their key stops verifying (rotation) or they send an Update. A fetched
 * actor must be what its URL says: same id, same origin, an inbox; its keys are the ones it owns
 * on its origin.
 */
public final class RemoteActors {
  /** A verified key and the actor that owns it. */
  public record ActorKey(Account owner, PublicKey publicKey) {}

  private static final Duration STALE_AFTER = Duration.ofDays(1);
  private static final int KEY_CACHE = 4096;
  private final Uris uris;
  private final AccountStore accounts;
  private final DocumentFetcher fetcher;
  private final MoveStore moves;
  private final DomainBlocks domainBlocks;
  private final ActorFollowUps followUps;
  private final RemoteEmojis emojis;
  // Shared by the event loops; evictions run on the thread that writes, not the common pool.
  private final Cache<String, ActorKey> keys = Caffeine.newBuilder()
      .maximumSize(KEY_CACHE).executor(Runnable::run).build();

  // Actors by id, for the job workers that run many activities of the same few actors.
  private final Cache<String, Account> byId = Caffeine.newBuilder()
      .maximumSize(KEY_CACHE).executor(Runnable::run).build();

  private volatile Consumer<Account> staleRefresher = account -> { };

  public RemoteActors(Uris uris, AccountStore accounts, DocumentFetcher fetcher, MoveStore moves,
      DomainBlocks domainBlocks, ActorFollowUps followUps, RemoteEmojis emojis) {
    this.uris = uris;
    this.accounts = accounts;
    this.fetcher = fetcher;
    this.moves = moves;
    this.domainBlocks = domainBlocks;
    this.followUps = followUps;
    this.emojis = emojis;
  }

  /**
   * The key with this id and its owner: from memory, the database, or the network. Any key an
   * actor publishes will do (publicKey or an assertionMethod Multikey, RSA or Ed25519); a local
   * actor's keys come from its own row.
   */
  public Future<ActorKey> keyFor(String keyId) {
    ActorKey cached = keys.getIfPresent(keyId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    if (uris.isLocal(keyId)) {
      return localKey(keyId);
    }
    return accounts.byKeyId(keyId).compose(found -> found.isPresent()
        ? Future.succeededFuture(remember(found.get()))
        : fetchKeyOwner(keyId).map(this::remember));
  }

  /** Refetches the key's owner (after a failed verification); null if it cannot be had. */
  public Future<ActorKey> refreshKey(String keyId) {
    keys.invalidate(keyId);
    if (uris.isLocal(keyId)) {
      return localKey(keyId).otherwise((ActorKey) null);
    }
    return accounts.byKeyId(keyId)
        .compose(found -> found.isPresent()
            ? refresh(found.get().owner().uri()).compose(owner -> ownedKey(owner, keyId))
            : fetchKeyOwner(keyId))
        .map(this::remember)
        .otherwise((ActorKey) null);
  }

  /**
   * A known actor, or fetched and stored. A stale copy (over a day old) is answered at once and
   * refreshed in the background.
   */
  public Future<Account> byUri(String uri) {
    if (uris.isLocal(uri)) {
      return accounts.byUri(uri).map(Optional::orElseThrow);
    }
    return accounts.byUri(uri).compose(found -> {
      if (found.isPresent()) {
        refreshIfStale(found.get());
        return Future.succeededFuture(found.get());
      }
      return refresh(uri);
    });
  }

  /** A stored actor by id, from memory when recently used; never fetched (a stale one is, later). */
  public Future<Optional<Account>> stored(String uri) {
    Account cached = byId.getIfPresent(uri);
    if (cached != null) {
      refreshIfStale(cached);
      return Future.succeededFuture(Optional.of(cached));
    }
    return accounts.byUri(uri).onSuccess(found -> found
        .filter(account -> account.deletedAt() == null)
        .ifPresent(account -> {
          refreshIfStale(account);
          byId.put(uri, account);
        }));
  }

  /** Who refreshes stale actors in the background (the durable queue's {@code ActorRefresh}). */
  public void onStale(Consumer<Account> refresher) {
    this.staleRefresher = refresher;
  }

  /** A stored actor was looked up (search, profile): a stale copy is refreshed in the background. */
  public void lookedUp(Account account) {
    refreshIfStale(account);
  }

  private void refreshIfStale(Account account) {
    if (!account.isLocal() && account.deletedAt() == null && isStale(account)) {
      staleRefresher.accept(account);
    }
  }

  /**
   * The account behind a handle ({@code user}, {@code @user@host[:port]}) or an actor URL, local
   * or remote; a remote actor is fetched again when {@code fresh} (a Move must see its current
   * aliases). Fails with 404 when there is none, or it is closed.
   */
  public Future<Account> resolve(String handleOrUri, boolean fresh) {
    String value = handleOrUri.strip().replaceFirst("^@", "");
    Future<String> uri = value.startsWith("https://") || value.startsWith("http://")
        ? Future.succeededFuture(value)
        : value.contains("@") ? fetcher.webfinger(value.toLowerCase(Locale.ROOT))
        : Future.succeededFuture(uris.base() + "/users/" + value);
    return uri.compose(found -> uris.isLocal(found)
            ? accounts.byUri(found).map(local -> local.filter(Account::isLocal).orElse(null))
            : fresh ? refresh(found) : byUri(found))
        .otherwise(failure -> null)
        .compose(account -> account == null || account.deletedAt() != null
            ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : Future.succeededFuture(account));
  }

  /** {@code user@host[:port]} by WebFinger, then the actor it names. */
  public Future<Account> byHandle(String handle) {
    return fetcher.webfinger(handle).compose(this::byUri);
  }

  public Future<Account> refresh(String uri) {
    return fetcher.fetch(uri).compose(FetchedActor::read).compose(document -> store(document, uri));
  }

  /**
   * Stores a normalised actor document whose id must be {@code expectedUri}; answers the stored
   * account. A property that cannot be read is left out (see {@link FetchedActor}).
   */
  public Future<Account> store(JsonObject actor, String expectedUri) {
    return FetchedActor.read(actor).compose(document -> store(document, expectedUri));
  }

  private Future<Account> store(AsObject document, String expectedUri) {
    String id = document.id();
    if (id == null || !id.equals(expectedUri) || uris.isLocal(id)) {
      return Future.failedFuture(new IllegalArgumentException("actor id does not match its URL"));
    }
    if (!FetchedActor.isActor(document)) {
      return Future.failedFuture(new IllegalArgumentException("not an actor: " + document.type()));
    }
    Actor actor = (Actor) document;
    if (actor.inbox() == null || actor.preferredUsername() == null || actor.preferredUsername().isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("an actor needs an inbox and a preferredUsername"));
    }
    List<PublishedKey> published;
    try {
      published = PublishedKeys.of(actor, id);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // Who it also is and where it moved: what a Move's target must show (see MoveHandler).
    List<String> alsoKnownAs = actor.alsoKnownAs();
    // The emoji of its name, bio and fields first, so that the profile is never shown without them.
    return emojis.take(org.plutro.server.delivery.Publisher.domainOf(id), actor.tag())
        .compose(done -> accounts.upsertRemote(row(actor, PublishedKeys.main(actor, published)), published))
        .compose(stored -> stored
            .map(account -> moves.setRemote(account.id(),
                alsoKnownAs.size() > 20 ? alsoKnownAs.subList(0, 20) : alsoKnownAs, actor.movedTo()).map(account))
            .orElseGet(() -> Future.failedFuture(new IllegalArgumentException("cannot store actor " + id))))
        .onSuccess(stored -> {
          keys.asMap().values().removeIf(k -> k.owner().id() == stored.id());
          byId.put(stored.uri(), stored);
          followUps.queueFor(stored);
        });
  }

  /** The account row's values (in {@link AccountStore#upsertRemote}'s order), {@code main} its key. */
  private Object[] row(Actor actor, PublishedKey main) {
    String domain = org.plutro.server.delivery.Publisher.domainOf(actor.id());
    // As Mastodon: a domain whose media the admins reject keeps no avatar or header here.
    boolean images = !domainBlocks.rejectsMedia(domain);
    return new Object[] {actor.preferredUsername(), domain,
        actor.id(), actor.webUrl(), actor.type(), Html.text(actor.name()), Html.sanitize(actor.summary()),
        images ? href(actor.icon()) : null, images ? href(actor.image()) : null, fields(actor.fields()),
        actor.manuallyApprovesFollowers(), actor.isBot(), Boolean.TRUE.equals(actor.discoverable()),
        Boolean.TRUE.equals(actor.indexable()), actor.inbox(), actor.sharedInbox(), actor.outbox(),
        actor.followers(), actor.following(), actor.featured(),
        main == null ? null : main.keyId(), main == null ? null : main.publicKeyPem()};
  }

  /** The actor deleted itself: its posts, follows and likes go, and its key is forgotten. */
  public Future<Void> forget(Account actor) {
    keys.asMap().values().removeIf(k -> k.owner().id() == actor.id());
    byId.invalidate(actor.uri());
    return accounts.forgetRemote(actor.id());
  }

  /**
   * Finds a key we do not hold by fetching its document, as Mastodon does. Mastodon's key id is
   * the actor plus a fragment (the actor embeds the key); GoToSocial's is a URL of its own
   * answering a bare copy of the actor (the actor's id, no inbox); some serve a key document naming its
   * owner. Whatever the document, the owner is then the actor as its own id serves it, on the key
   * id's origin, and it must publish exactly this key id: the key used is the one it publishes.
   */
  private Future<OwnedKey> fetchKeyOwner(String keyId) {
    int hash = keyId.indexOf('#');
    String url = hash < 0 ? keyId : keyId.substring(0, hash);
    return fetcher.fetch(url).compose(FetchedActor::read).compose(document -> keyOwner(document, url, keyId));
  }

  /** The owner of the key, from what its URL answered: the actor itself, or fetched by its id. */
  private Future<OwnedKey> keyOwner(AsObject document, String url, String keyId) {
    String id = document.id();
    boolean actor = FetchedActor.isActor(document);
    if (actor && url.equals(id)) {
      return storeOwner(document, url, keyId);
    }
    if (!actor && !keyId.equals(id) && !url.equals(id)) {
      return Future.failedFuture(new IllegalArgumentException("the key document at " + url
          + " has another id"));
    }
    String ownerUri = actor ? id : ownerOf(document);
    if (ownerUri == null) {
      return Future.failedFuture(new IllegalArgumentException("no actor or key owner at " + url));
    }
    if (!Refs.sameOrigin(ownerUri, keyId) || uris.isLocal(ownerUri)) {
      return Future.failedFuture(new IllegalArgumentException("the key's owner " + ownerUri
          + " is not on the key's origin"));
    }
    return fetcher.fetch(ownerUri).compose(FetchedActor::read)
        .compose(owner -> storeOwner(owner, ownerUri, keyId));
  }

  /** Stores the key's owner if its document, fetched from {@code uri}, publishes the key. */
  private Future<OwnedKey> storeOwner(AsObject document, String uri, String keyId) {
    Actor actor = document instanceof Actor a ? a : null;
    try {
      if (actor == null || PublishedKeys.of(actor, uri).stream().noneMatch(key -> key.keyId().equals(keyId))) {
        return Future.failedFuture(new IllegalArgumentException(actor == null
            ? "key " + keyId + " is not among the keys " + uri + " publishes"
            : PublishedKeys.whyNot(actor, uri, keyId)));
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return store(actor, uri).compose(owner -> ownedKey(owner, keyId));
  }

  /** The key as {@code owner}'s stored document publishes it; fails if it does not (any more). */
  private Future<OwnedKey> ownedKey(Account owner, String keyId) {
    return accounts.byKeyId(keyId).compose(found -> found.isPresent()
            && found.get().owner().id() == owner.id()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(new IllegalArgumentException("key " + keyId
            + " is not among the keys its owner " + owner.uri() + " publishes")));
  }

  /** A key document's owner (a key is no vocabulary object: its owner is among what it also says). */
  private static String ownerOf(AsObject key) {
    JsonObject rest = key.extra();
    String owner = Refs.idOf(rest.getValue("owner"));
    return owner != null ? owner : Refs.idOf(rest.getValue("controller"));
  }

  /** A local actor's key: its RSA main key or its Ed25519 key, from the actor's own row. */
  private Future<ActorKey> localKey(String keyId) {
    int hash = keyId.indexOf('#');
    String actorUri = hash < 0 ? keyId : keyId.substring(0, hash);
    return accounts.byUri(actorUri).compose(found -> {
      if (found.isEmpty() || !found.get().isLocal() || found.get().deletedAt() != null) {
        return Future.failedFuture(new IllegalArgumentException("no local key " + keyId));
      }
      Account owner = found.get();
      return accounts.keys(owner.id()).compose(pair -> {
        PublicKey key = pair.isEmpty() ? null
            : keyId.equals(uris.mainKey(owner.uri())) ? pair.get().rsaPublic()
            : keyId.equals(uris.ed25519Key(owner.uri())) ? pair.get().ed25519Public() : null;
        if (key == null) {
          return Future.failedFuture(new IllegalArgumentException("no local key " + keyId));
        }
        ActorKey actorKey = new ActorKey(owner, key);
        keys.put(keyId, actorKey);
        return Future.succeededFuture(actorKey);
      });
    });
  }

  private ActorKey remember(OwnedKey found) {
    ActorKey key = new ActorKey(found.owner(), found.key().publicKey());
    keys.put(found.key().keyId(), key);
    return key;
  }

  static boolean isStale(Account account) {
    return account.fetchedAt() == null
        || account.fetchedAt().isBefore(OffsetDateTime.now().minus(STALE_AFTER));
  }

  private static String href(Media image) {
    return image == null ? null : image.href();
  }

  private static JsonArray fields(List<Actor.PropertyValue> values) {
    JsonArray fields = new JsonArray();
    for (Actor.PropertyValue field : values) {
      fields.add(new JsonObject().put("name", Html.text(field.name())).put("value", Html.sanitize(field.value())));
    }
    return fields;
  }
}
