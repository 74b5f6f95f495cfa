package org.plutro.server.http.streaming;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.plutro.server.domain.Status;
import org.plutro.server.http.api.NotificationEntities;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.http.api.ConversationEntities;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.StreamStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming clients connected to this process, and the events the database announces on
 * {@link #CHANNEL} (see V120) to every process: each event is loaded once and sent to the clients
 * whose streams it belongs to and who may see it (home posts to their member, notifications to
 * their recipient, public posts to public and hashtag streams minus viewers who block or mute the
 * author, direct posts to their participants).
 */
public final class StreamHub {
  public static final String CHANNEL = "plutro_stream";
  /** Connections one token may hold, as a bound on memory. */
  static final int MAX_PER_TOKEN = 8;
  private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
  // The database notifies only while some process has clients (see V170).
  static final long LISTENING_REFRESH_MS = 30_000;

  private final Vertx vertx;
  private final StreamStore store;
  private final StatusStore statuses;
  private final AccountStore accounts;
  private final StatusPresenter statusPresenter;
  private final NotificationStore notificationStore;
  private final NotificationEntities notifications;
  private final ConversationStore conversationStore;
  private final ConversationEntities conversations;
  private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
  private final String processId = java.util.UUID.randomUUID().toString();
  private long listeningTimer = -1;

  /** {@code conversations}: renders Mastodon's Conversation entities for direct streams. */
  public StreamHub(Vertx vertx, StreamStore store, StatusStore statuses, AccountStore accounts,
      StatusPresenter statusPresenter, NotificationStore notificationStore,
      NotificationEntities notifications, ConversationStore conversationStore,
      ConversationEntities conversations) {
    this.vertx = vertx;
    this.store = store;
    this.statuses = statuses;
    this.accounts = accounts;
    this.statusPresenter = statusPresenter;
    this.notificationStore = notificationStore;
    this.notifications = notifications;
    this.conversationStore = conversationStore;
    this.conversations = conversations;
  }

  /**
   * Registers a client once the database knows this process listens; false when its token
   * already holds as many connections as allowed.
   */
  Future<Boolean> add(StreamClient client) {
    if (client.tokenKey != null
        && clients.stream().filter(c -> client.tokenKey.equals(c.tokenKey)).count() >= MAX_PER_TOKEN) {
      return Future.succeededFuture(false);
    }
    clients.add(client);
    return listening(true).map(true);
  }

  void remove(StreamClient client) {
    clients.remove(client);
    if (clients.isEmpty()) {
      listening(false);
    }
  }

  private synchronized Future<Void> listening(boolean on) {
    if (on && listeningTimer < 0) {
      listeningTimer = vertx.setPeriodic(LISTENING_REFRESH_MS, id -> store.listening(processId, true));
    } else if (!on && listeningTimer >= 0) {
      vertx.cancelTimer(listeningTimer);
      listeningTimer = -1;
    }
    return store.listening(processId, on);
  }

  int size() {
    return clients.size();
  }

  /** One NOTIFY payload from the database. */
  public void onEvent(String payload) {
    if (clients.isEmpty()) {
      return;
    }
    String[] parts = payload.split(":");
    try {
      Future<?> handled = switch (parts[0]) {
        case "home" -> home(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        case "notification" -> notification(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        case "public" -> publicPost(Long.parseLong(parts[1]), "update");
        case "direct" -> direct(Long.parseLong(parts[1]));
        case "delete" -> deleted(parts[1]);
        case "edit" -> edited(Long.parseLong(parts[1]));
        default -> Future.succeededFuture();
      };
      handled.onFailure(e -> LOG.debug("Stream event {} not sent: {}", payload, e.toString()));
    } catch (RuntimeException e) {
      LOG.debug("Unreadable stream event {}", payload);
    }
  }

  private List<StreamClient> of(Long viewerId, String stream) {
    List<StreamClient> found = new ArrayList<>();
    for (StreamClient client : clients) {
      if (client.streams.contains(stream) && (viewerId == null || viewerId.equals(client.viewerId))) {
        found.add(client);
      }
    }
    return found;
  }

  /** A post reaching a member's home: their user stream, and their list streams it belongs to. */
  private Future<?> home(long accountId, long statusId) {
    List<StreamClient> targets = of(accountId, "user");
    boolean listening = clients.stream().anyMatch(c -> Long.valueOf(accountId).equals(c.viewerId)
        && c.streams.stream().anyMatch(s -> s.startsWith("list:")));
    if (targets.isEmpty() && !listening) {
      return Future.succeededFuture();
    }
    Future<Set<String>> lists = !listening ? Future.succeededFuture(Set.of())
        : store.listsOf(accountId, statusId).map(found -> {
          Set<String> ids = new HashSet<>();
          found.forEach(id -> ids.add(Long.toString(id)));
          return ids;
        });
    return lists.compose(listIds -> statusPresenter.byIds(List.of(statusId), accountId)
        .onSuccess(entities -> {
          if (entities.isEmpty()) {
            return;
          }
          String payload = entities.getJsonObject(0).encode();
          targets.forEach(c -> c.send(new JsonArray().add("user"), "update", payload));
          for (String listId : listIds) {
            of(accountId, "list:" + listId).forEach(c ->
                c.send(new JsonArray().add("list").add(listId), "update", payload));
          }
        }));
  }

  private Future<?> notification(long accountId, long notificationId) {
    List<StreamClient> targets = new ArrayList<>(of(accountId, "user"));
    targets.addAll(of(accountId, "user:notification"));
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    return notificationStore.one(accountId, notificationId).compose(found -> found.isEmpty()
        ? Future.succeededFuture()
        : notifications.of(List.of(found.get())).onSuccess(entities -> {
          String payload = entities.getJsonObject(0).encode();
          for (StreamClient client : targets) {
            String stream = client.streams.contains("user") ? "user" : "user:notification";
            client.send(new JsonArray().add(stream), "notification", payload);
          }
        }));
  }

  /** A public post to the public and hashtag streams; {@code event} is update or status.update. */
  private Future<?> publicPost(long statusId, String event) {
    List<StreamClient> listening = new ArrayList<>();
    for (StreamClient client : clients) {
      if (client.streams.stream().anyMatch(s -> s.startsWith("public") || s.startsWith("hashtag"))) {
        listening.add(client);
      }
    }
    if (listening.isEmpty()) {
      return Future.succeededFuture();
    }
    return statuses.byId(statusId).compose(found -> found.filter(StreamHub::isPublicOriginal)
        .<Future<?>>map(status -> sendPublicPost(listening, status, event))
        .orElseGet(Future::succeededFuture));
  }

  /** Neither deleted nor a share, and public. */
  private static boolean isPublicOriginal(Status status) {
    return !status.isDeleted() && status.reblogOfId() == null
        && "public".equals(status.visibility().apiName());
  }

  /** Its hashtags and who hides its author, then the post to every other listener's streams. */
  private Future<?> sendPublicPost(List<StreamClient> listening, Status status, String event) {
    long statusId = status.id();
    return store.tags(statusId).compose(tagged -> hiddenFrom(listening, status.accountId())
        .compose(hidden -> statusPresenter.byIds(List.of(statusId), null)
            .onSuccess(entities -> sendPublic(listening, status, new HashSet<>(tagged), hidden, event,
                entities))));
  }

  private static void sendPublic(List<StreamClient> listening, Status status, Set<String> tags,
      Set<Long> hidden, String event, JsonArray entities) {
    if (entities.isEmpty()) {
      return;
    }
    String payload = entities.getJsonObject(0).encode();
    for (StreamClient client : listening) {
      if (client.viewerId != null && hidden.contains(client.viewerId)) {
        continue;
      }
      for (JsonArray stream : publicStreams(client, status.local(), tags)) {
        client.send(stream, event, payload);
      }
    }
  }

  private static List<JsonArray> publicStreams(StreamClient client, boolean local, Set<String> tags) {
    List<JsonArray> streams = new ArrayList<>();
    for (String stream : client.streams) {
      if (stream.equals("public") || (stream.equals("public:local") && local)
          || (stream.equals("public:remote") && !local)) {
        streams.add(new JsonArray().add(stream));
      } else if (stream.startsWith("hashtag:local:") && local
          && tags.contains(stream.substring("hashtag:local:".length()))) {
        streams.add(new JsonArray().add("hashtag:local").add(stream.substring("hashtag:local:".length())));
      } else if (stream.startsWith("hashtag:") && !stream.startsWith("hashtag:local:")
          && tags.contains(stream.substring("hashtag:".length()))) {
        streams.add(new JsonArray().add("hashtag").add(stream.substring("hashtag:".length())));
      }
    }
    return streams;
  }

  /** The viewers among these clients who block, mute or domain-block the author. */
  private Future<Set<Long>> hiddenFrom(List<StreamClient> listening, long authorId) {
    Set<Long> viewers = new HashSet<>();
    listening.forEach(c -> {
      if (c.viewerId != null) {
        viewers.add(c.viewerId);
      }
    });
    if (viewers.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return store.hiddenFrom(viewers.toArray(Long[]::new), authorId).<Set<Long>>map(HashSet::new);
  }

  /**
   * A direct post: its author's and addressees' direct streams get their {@code conversation}
   * (Mastodon's Conversation entity, the post as its last status).
   */
  private Future<?> direct(long statusId) {
    List<StreamClient> listening = of(null, "direct");
    if (listening.isEmpty()) {
      return Future.succeededFuture();
    }
    return statuses.byId(statusId).compose(found -> found.isEmpty() ? Future.succeededFuture()
        : store.mentioned(statusId)
            .compose(mentioned -> sendConversations(listening, statusId, participants(found.get(), mentioned))));
  }

  /** The post's author and the accounts it mentions. */
  private static Set<Long> participants(Status status, List<Long> mentioned) {
    Set<Long> participants = new HashSet<>();
    participants.add(status.accountId());
    participants.addAll(mentioned);
    return participants;
  }

  /** To each listening participant, their own conversation of the post. */
  private Future<?> sendConversations(List<StreamClient> listening, long statusId, Set<Long> participants) {
    List<Future<?>> sends = new ArrayList<>();
    for (StreamClient client : listening) {
      if (client.viewerId != null && participants.contains(client.viewerId)) {
        sends.add(sendConversation(client, statusId));
      }
    }
    return Future.all(sends);
  }

  /** The client's viewer's conversation the post is in, if any, to the client's direct stream. */
  private Future<?> sendConversation(StreamClient client, long statusId) {
    return accounts.byId(client.viewerId).compose(viewer -> conversationStore
        .ofStatus(client.viewerId, statusId).compose(conversation -> conversation.isEmpty()
            ? Future.succeededFuture()
            : conversations.of(viewer.orElseThrow(), List.of(conversation.get()))
                .onSuccess(entities -> client.send(new JsonArray().add("direct"), "conversation",
                    entities.getJsonObject(0).encode()))));
  }

  /** A deleted post: its id to every client, as Mastodon does (an id reveals nothing). */
  private Future<?> deleted(String statusId) {
    for (StreamClient client : clients) {
      String first = client.streams.stream().findFirst().orElse("user");
      client.send(new JsonArray().add(first.toLowerCase(Locale.ROOT)), "delete", statusId);
    }
    return Future.succeededFuture();
  }

  /** An edited post: status.update to the homes it is in, and to public streams if public. */
  private Future<?> edited(long statusId) {
    return store.homesOf(statusId).compose(homes -> {
      List<Future<?>> sends = new ArrayList<>();
      for (long viewer : homes) {
        List<StreamClient> targets = of(viewer, "user");
        if (!targets.isEmpty()) {
          sends.add(statusPresenter.byIds(List.of(statusId), viewer).onSuccess(entities -> {
            if (!entities.isEmpty()) {
              String payload = entities.getJsonObject(0).encode();
              targets.forEach(c -> c.send(new JsonArray().add("user"), "status.update", payload));
            }
          }));
        }
      }
      sends.add(publicPost(statusId, "status.update"));
      return Future.all(sends);
    });
  }

  /** Closes every connection (at shutdown). */
  public void closeAll() {
    clients.forEach(StreamClient::close);
    clients.clear();
    listening(false);
  }
}
