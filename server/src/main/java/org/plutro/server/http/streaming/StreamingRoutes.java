package org.plutro.server.http.streaming;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.domain.ServiceException;

/**
 * Mastodon's streaming API on the main port: a WebSocket at {@code /api/v1/streaming} (the
 * {@code stream} parameter, then {@code subscribe} / {@code unsubscribe} messages) and the
 * Server-Sent Events endpoints {@code /api/v1/streaming/<stream>}. The token comes as for the rest
 * of the API ({@code Authorization} or {@code access_token}); public and hashtag streams need none.
 * Our own web pages' script follows a member's events with their web session instead: only from a
 * page of this server ({@code Sec-Fetch-Site: same-origin}), only over Server-Sent Events.
 */
public final class StreamingRoutes {
  static final long HEARTBEAT_MS = 15_000;
  private final Auth auth;
  private final Vertx vertx;
  private final StreamHub hub;
  private final WebSessionMembers webSessions;

  /** The member signed in through the request's web session cookie, if any (and allowed to act). */
  @FunctionalInterface
  public interface WebSessionMembers {
    Future<Optional<Long>> memberId(RoutingContext ctx);
  }

  /** Who listens: the member (null for anyone) and what their connections are counted by. */
  private record Listener(Long viewerId, String connectionKey) {}

  public StreamingRoutes(Auth auth, Vertx vertx, StreamHub hub, WebSessionMembers webSessions) {
    this.auth = auth;
    this.vertx = vertx;
    this.hub = hub;
    this.webSessions = webSessions;
  }

  public void mount(Router router) {
    router.get("/api/v1/streaming/health").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain").end("OK"));
    router.get("/api/v1/streaming").handler(this::webSocket);
    router.get("/api/v1/streaming/").handler(this::webSocket);
    for (String path : new String[] {"user", "user/notification", "public", "public/local",
        "public/remote", "hashtag", "hashtag/local", "list", "direct"}) {
      String stream = path.replace('/', ':');
      router.get("/api/v1/streaming/" + path).handler(ctx -> eventStream(ctx, stream));
    }
  }

  /** The internal key of a stream (hashtag and list streams carry their tag or list id). */
  static String key(String stream, String tag, String list) {
    if (stream == null) {
      throw new ServiceException(400, "Missing stream");
    }
    return switch (stream) {
      case "user", "user:notification", "public", "public:local", "public:remote", "direct" -> stream;
      case "hashtag", "hashtag:local" -> {
        if (tag == null || tag.isBlank()) {
          throw new ServiceException(400, "Missing tag name parameter");
        }
        yield stream + ":" + tag.strip().replaceFirst("^#", "").toLowerCase(Locale.ROOT);
      }
      case "list" -> {
        if (list == null || list.isBlank()) {
          throw new ServiceException(400, "Missing list name parameter");
        }
        yield "list:" + list.strip();
      }
      default -> throw new ServiceException(400, "Unknown stream type");
    };
  }

  /** Who may follow a stream: members' own streams need their token and scope. */
  private Future<Optional<Caller>> authorize(RoutingContext ctx, String stream) {
    boolean own = stream.startsWith("user") || stream.equals("direct") || stream.startsWith("list");
    if (!own) {
      return auth.optional(ctx, "read:statuses");
    }
    String scope = stream.equals("user:notification") ? "read:notifications" : "read:statuses";
    return auth.member(ctx, scope).map(Optional::of);
  }

  /**
   * A member's own stream asked for without a token, by one of our pages (same origin), is theirs
   * by their web session; a page elsewhere never gets it, even with the member's cookie.
   */
  private Future<Listener> listener(RoutingContext ctx, String key) {
    boolean own = key.startsWith("user") || key.equals("direct") || key.startsWith("list");
    boolean tokenless = ctx.request().getHeader("Authorization") == null
        && ctx.request().getParam("access_token") == null;
    if (own && tokenless && "same-origin".equals(ctx.request().getHeader("Sec-Fetch-Site"))) {
      return webSessions.memberId(ctx).compose(member -> member.isPresent()
          ? Future.succeededFuture(new Listener(member.get(), "web:" + member.get()))
          : authorize(ctx, key).map(StreamingRoutes::listener));
    }
    return authorize(ctx, key).map(StreamingRoutes::listener);
  }

  private static Listener listener(Optional<Caller> caller) {
    return new Listener(viewer(caller), tokenKey(caller));
  }

  private void eventStream(RoutingContext ctx, String stream) {
    String key;
    try {
      key = key(stream, ctx.request().getParam("tag"), ctx.request().getParam("list"));
    } catch (ServiceException e) {
      ctx.fail(e);
      return;
    }
    listener(ctx, key).onSuccess(listener -> {
      HttpServerResponse response = ctx.response();
      StreamClient client = new StreamClient(listener.viewerId(), listener.connectionKey(),
          ctx.vertx().getOrCreateContext(),
          new StreamClient.Sink() {
            @Override
            public void write(String text) {
              response.write(text);
            }

            @Override
            public boolean writeQueueFull() {
              return response.writeQueueFull();
            }

            @Override
            public void close() {
              response.reset();
            }
          }, false);
      client.streams.add(key);
      hub.add(client).onSuccess(added -> {
        if (!added) {
          ctx.fail(new ServiceException(429, "Too many streaming connections for this token"));
          return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream")
            .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
        response.write(":)\n");
        long timer = ctx.vertx().setPeriodic(HEARTBEAT_MS, id -> response.write(":thump\n"));
        response.closeHandler(v -> {
          ctx.vertx().cancelTimer(timer);
          hub.remove(client);
        });
      }).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private void webSocket(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("Upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      ctx.fail(new ServiceException(400, "Use a WebSocket, or /api/v1/streaming/<stream> for events"));
      return;
    }
    // Held until the token is checked: the upgrade needs the request unread.
    ctx.request().pause();
    String initial = ctx.request().getParam("stream");
    String initialKey;
    try {
      initialKey = initial == null ? null
          : key(initial, ctx.request().getParam("tag"), ctx.request().getParam("list"));
    } catch (ServiceException e) {
      ctx.fail(e);
      return;
    }
    // The connection itself may be anonymous (public streams); a presented token must be valid.
    (initialKey != null ? authorize(ctx, initialKey) : auth.optional(ctx, "read"))
        .compose(caller -> ctx.request().toWebSocket().map(ws -> {
          open(ws, caller, initialKey);
          return ws;
        }))
        .onFailure(e -> {
          if (!ctx.response().ended() && !ctx.response().headWritten()) {
            ctx.fail(e);
          }
        });
  }

  private void open(ServerWebSocket ws, Optional<Caller> caller, String initialKey) {
    StreamClient client = new StreamClient(viewer(caller), tokenKey(caller), vertx.getOrCreateContext(),
        new StreamClient.Sink() {
          @Override
          public void write(String text) {
            ws.writeTextMessage(text);
          }

          @Override
          public boolean writeQueueFull() {
            return ws.writeQueueFull();
          }

          @Override
          public void close() {
            ws.close((short) 1008, "Too slow");
          }
        }, true);
    if (initialKey != null) {
      client.streams.add(initialKey);
    }
    hub.add(client).onSuccess(added -> {
      if (!added) {
        ws.close((short) 1008, "Too many streaming connections for this token");
      }
    });
    long timer = vertx.setPeriodic(HEARTBEAT_MS, id -> ws.writePing(io.vertx.core.buffer.Buffer.buffer()));
    ws.closeHandler(v -> {
      vertx.cancelTimer(timer);
      hub.remove(client);
    });
    ws.textMessageHandler(text -> message(ws, client, caller, text));
  }

  /** {@code {"type":"subscribe"|"unsubscribe","stream":...,"tag":...,"list":...}}. */
  private void message(ServerWebSocket ws, StreamClient client, Optional<Caller> caller, String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      error(ws, 400, "Invalid JSON");
      return;
    }
    String type = message.getString("type");
    String key;
    try {
      key = key(message.getString("stream"), message.getString("tag"),
          message.getValue("list") == null ? null : String.valueOf(message.getValue("list")));
    } catch (ServiceException e) {
      error(ws, e.status(), e.getMessage());
      return;
    }
    if ("unsubscribe".equals(type)) {
      client.streams.remove(key);
      return;
    }
    if (!"subscribe".equals(type)) {
      error(ws, 400, "Unknown message type");
      return;
    }
    boolean own = key.startsWith("user") || key.equals("direct") || key.startsWith("list");
    if (own && client.viewerId == null) {
      error(ws, 401, "Missing access token");
      return;
    }
    if (own && caller.isPresent() && !org.plutro.server.service.Scopes.allows(
        caller.get().token().scopes(), key.equals("user:notification") ? "read:notifications" : "read:statuses")) {
      error(ws, 403, "This action is outside the authorized scopes");
      return;
    }
    client.streams.add(key);
  }

  private static void error(ServerWebSocket ws, int status, String message) {
    ws.writeTextMessage(new JsonObject().put("error", message).put("status", status).encode());
  }

  private static Long viewer(Optional<Caller> caller) {
    return caller.flatMap(c -> c.account()).map(a -> a.id()).orElse(null);
  }

  private static String tokenKey(Optional<Caller> caller) {
    return caller.map(c -> Long.toString(c.token().id())).orElse(null);
  }
}
