package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.federation.json.Refs;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.store.RelayStore;
import org.plutro.server.store.RelayStore.Relay;
import org.plutro.server.uri.Uris;

/**
 * Relays, the Mastodon/LitePub relay protocol: an admin adds a relay's inbox, and the instance
 * actor sends it a Follow of the public collection; once the relay accepts, our public posts (and
 * their edits and deletions) are also sent to it, and the posts it shares with us come in as
 * shares (fetched from their origin) and show in the federated timeline. Removing a relay sends
 * an Undo of the Follow.
 */
public final class Relays {
  private final Pool pool;
  private final Uris uris;
  private final InstanceActor instanceActor;
  private final RelayStore relays;
  private final Publisher publisher;
  private final boolean allowHttp;

  /** {@code allowHttp}: a relay may be on plain http (a lab on a private network, tests). */
  public Relays(Pool pool, Uris uris, InstanceActor instanceActor, RelayStore relays, Publisher publisher,
      boolean allowHttp) {
    this.pool = pool;
    this.uris = uris;
    this.instanceActor = instanceActor;
    this.relays = relays;
    this.publisher = publisher;
    this.allowHttp = allowHttp;
  }

  /** Subscribes to the relay at {@code inboxUrl}: stored pending, the Follow queued for delivery. */
  public Future<Relay> add(String inboxUrl) {
    String inbox;
    try {
      inbox = inbox(inboxUrl);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    String followId = uris.instanceActor() + "#relays/" + UUID.randomUUID();
    return instanceActor.ensure().compose(actor -> pool.withTransaction(tx ->
        RelayStore.insert(tx, inbox, followId).compose(inserted -> inserted.isEmpty()
            ? Future.failedFuture(ServiceException.unprocessable("That relay is already added"))
            : publisher.publish(tx, actor.id(), Activities.relayFollow(followId, actor), List.of(inbox))
                .map(inserted.get()))));
  }

  /** Unsubscribes: the relay is forgotten and told with an Undo of our Follow. */
  public Future<Relay> remove(String inboxUrl) {
    String inbox = inboxUrl == null ? "" : inboxUrl.strip();
    return instanceActor.ensure().compose(actor -> pool.withTransaction(tx ->
        RelayStore.delete(tx, inbox).compose(deleted -> {
          if (deleted.isEmpty()) {
            return Future.failedFuture(ServiceException.notFound("No relay with that inbox"));
          }
          Activity follow = Activities.relayFollow(deleted.get().followActivityId(), actor);
          return publisher.publish(tx, actor.id(), Activities.undo(actor, follow), List.of(inbox))
              .map(deleted.get());
        })));
  }

  public Future<List<Relay>> list() {
    return relays.all();
  }

  /**
   * An Accept or Reject of a Follow of ours: when the Follow went to a relay and the answer comes
   * from the relay's own server, its answer is recorded (true); false when it is no relay's.
   */
  public Future<Boolean> answered(Account from, String followId, boolean accepted) {
    if (followId == null || !followId.startsWith(uris.instanceActor() + "#relays/")) {
      return Future.succeededFuture(false);
    }
    return relays.byFollow(followId).compose(found -> found
        .filter(relay -> Refs.sameOrigin(relay.inboxUrl(), from.uri()))
        .map(relay -> relays.answered(relay.id(), accepted).map(true))
        .orElseGet(() -> Future.succeededFuture(true)));
  }

  /** The relay's inbox as given, if it is an absolute https (or, in a lab, http) URL. */
  private String inbox(String given) {
    String inbox = given == null ? "" : given.strip();
    try {
      URI uri = new URI(inbox);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || (allowHttp && scheme.equals("http"))) && uri.getHost() != null
          && uri.getRawUserInfo() == null) {
        return inbox;
      }
    } catch (URISyntaxException e) {
      // Said below.
    }
    throw ServiceException.unprocessable("A relay is given by its inbox URL, such as https://relay.example/inbox");
  }
}
