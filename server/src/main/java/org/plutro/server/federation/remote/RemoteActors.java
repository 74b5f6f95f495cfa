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
import java.util.Set;
import java.util.function.Consumer;
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

  static final Set<String> ACTOR_TYPES = Set.of("Person", "Service", "Application", "Group", "Organization");
  private static final Duration STALE_AFTER = Duration.ofDays(1);
  private static final int KEY_CACHE = 4096;
  private final Uris uris;
  private final AccountStore accounts;
  private final DocumentFetcher fetcher;
  private final MoveStore moves;
  private final DomainBlocks domainBlocks;
  // Shared by the event loops; evictions run on the thread that writes, not the common pool.
  private final Cache<String, ActorKey> keys = Caffeine.newBuilder()
      .maximumSize(KEY_CACHE).executor(Runnable::run).build();

  // Actors by id, for the job workers that run many activities of the same few actors.
  private final Cache<String, Account> byId = Caffeine.newBuilder()
      .maximumSize(KEY_CACHE).executor(Runnable::run).build();

  private volatile Consumer<Account> staleRefresher = account -> { };

  public RemoteActors(Uris uris, AccountStore accounts, DocumentFetcher fetcher, MoveStore moves,
      DomainBlocks domainBlocks) {
    this.uris = uris;
    this.accounts = accounts;
    this.fetcher = fetcher;
    this.moves = moves;
    this.domainBlocks = domainBlocks;
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
    return fetcher.fetch(uri).compose(document -> store(document, uri));
  }

  /** Stores an actor document whose id must be {@code expectedUri}; answers the stored account. */
  public Future<Account> store(JsonObject actor, String expectedUri) {
    String id = actor.getString("id");
    String type = Refs.typeOf(actor);
    if (id == null || !id.equals(expectedUri) || uris.isLocal(id)) {
      return Future.failedFuture(new IllegalArgumentException("actor id does not match its URL"));
    }
    if (!ACTOR_TYPES.contains(type)) {
      return Future.failedFuture(new IllegalArgumentException("not an actor: " + type));
    }
    String inbox = string(actor.getValue("inbox"));
    String username = string(actor.getValue("preferredUsername"));
    if (inbox == null || username == null || username.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("an actor needs an inbox and a preferredUsername"));
    }
    List<PublishedKey> published;
    try {
      published = PublishedKeys.of(actor, id);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    PublishedKey main = PublishedKeys.main(actor, published);
    String keyId = main == null ? null : main.keyId();
    String pem = main == null ? null : main.publicKeyPem();
    JsonObject endpoints = firstObject(actor.getValue("endpoints"));
    String sharedInbox = endpoints == null ? null : string(endpoints.getValue("sharedInbox"));
    String domain = org.plutro.server.delivery.Publisher.domainOf(id);
    // As Mastodon: a domain whose media the admins reject keeps no avatar or header here.
    boolean images = !domainBlocks.rejectsMedia(domain);
    Object[] values = {username, domain,
        id, url(actor.getValue("url")), type, plain(actor.getValue("name")),
        Html.sanitize(string(actor.getValue("summary"))),
        images ? imageUrl(actor.getValue("icon")) : null,
        images ? imageUrl(actor.getValue("image")) : null, fields(actor.getValue("attachment")),
        Boolean.TRUE.equals(actor.getValue("manuallyApprovesFollowers")),
        "Service".equals(type) || "Application".equals(type),
        Boolean.TRUE.equals(actor.getValue("discoverable")),
        Boolean.TRUE.equals(actor.getValue("indexable")), inbox, sharedInbox,
        string(actor.getValue("outbox")), string(actor.getValue("followers")),
        string(actor.getValue("following")), string(actor.getValue("featured")), keyId, pem};
    // Who it also is and where it moved: what a Move's target must show (see MoveHandler).
    List<String> alsoKnownAs = Refs.ids(actor.getValue("alsoKnownAs"));
    String movedTo = Refs.idOf(actor.getValue("movedTo"));
    return accounts.upsertRemote(values, published).compose(stored -> stored
            .map(account -> moves.setRemote(account.id(),
                alsoKnownAs.size() > 20 ? alsoKnownAs.subList(0, 20) : alsoKnownAs, movedTo).map(account))
            .orElseGet(() -> Future.failedFuture(new IllegalArgumentException("cannot store actor " + id))))
        .onSuccess(stored -> {
          keys.asMap().values().removeIf(k -> k.owner().id() == stored.id());
          byId.put(stored.uri(), stored);
        });
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
   * answering a stub of the actor (the actor's id, no inbox); some serve a key document naming its
   * owner. Whatever the document, the owner is then the actor as its own id serves it, on the key
   * id's origin, and it must publish exactly this key id: the key used is the one it publishes.
   */
  private Future<OwnedKey> fetchKeyOwner(String keyId) {
    int hash = keyId.indexOf('#');
    String url = hash < 0 ? keyId : keyId.substring(0, hash);
    return fetcher.fetch(url).compose(document -> {
      String id = document.getValue("id") instanceof String s ? s : null;
      boolean actor = ACTOR_TYPES.contains(Refs.typeOf(document));
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
      return fetcher.fetch(ownerUri).compose(owner -> storeOwner(owner, ownerUri, keyId));
    });
  }

  /** Stores the key's owner if its document, fetched from {@code uri}, publishes the key. */
  private Future<OwnedKey> storeOwner(JsonObject document, String uri, String keyId) {
    try {
      if (PublishedKeys.of(document, uri).stream().noneMatch(key -> key.keyId().equals(keyId))) {
        return Future.failedFuture(new IllegalArgumentException(
            PublishedKeys.whyNot(document, uri, keyId)));
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return store(document, uri).compose(owner -> ownedKey(owner, keyId));
  }

  /** The key as {@code owner}'s stored document publishes it; fails if it does not (any more). */
  private Future<OwnedKey> ownedKey(Account owner, String keyId) {
    return accounts.byKeyId(keyId).compose(found -> found.isPresent()
            && found.get().owner().id() == owner.id()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(new IllegalArgumentException("key " + keyId
            + " is not among the keys its owner " + owner.uri() + " publishes")));
  }

  private static String ownerOf(JsonObject key) {
    String owner = Refs.idOf(key.getValue("owner"));
    return owner != null ? owner : Refs.idOf(key.getValue("controller"));
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

  private static String string(Object value) {
    if (value instanceof JsonArray array && !array.isEmpty()) {
      return string(array.getValue(0));
    }
    return value instanceof String s ? s : null;
  }

  private static String plain(Object value) {
    String text = string(value);
    return text == null ? "" : Html.text(text);
  }

  private static JsonObject firstObject(Object value) {
    if (value instanceof JsonArray array && !array.isEmpty()) {
      return firstObject(array.getValue(0));
    }
    return value instanceof JsonObject object ? object : null;
  }

  private static String url(Object value) {
    JsonObject link = firstObject(value);
    if (link != null) {
      return string(link.getValue("href"));
    }
    return string(value);
  }

  private static String imageUrl(Object value) {
    JsonObject image = firstObject(value);
    if (image != null) {
      return url(image.getValue("url"));
    }
    return string(value);
  }

  private static JsonArray fields(Object value) {
    JsonArray fields = new JsonArray();
    // Compacted JSON-LD (and Fedify) gives a lone attachment as an object, not an array.
    if (value instanceof JsonObject single) {
      value = new JsonArray().add(single);
    }
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof JsonObject f && "PropertyValue".equals(Refs.typeOf(f))) {
          fields.add(new JsonObject().put("name", plain(f.getValue("name")))
              .put("value", Html.sanitize(string(f.getValue("value")))));
        }
      }
    }
    return fields;
  }
}
