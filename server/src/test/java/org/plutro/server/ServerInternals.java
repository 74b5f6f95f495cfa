package org.plutro.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemotePosts;
import org.plutro.server.service.MediaService;
import org.plutro.server.service.RemoteMediaCache;

/**
 * What tests reach inside a running server: its pool and event loops, and the few components
 * whose state (caches, files) a test must share with the server rather than build anew.
 */
public final class ServerInternals {
  private ServerInternals() {}

  public static Pool pool(PlutroServer server) {
    return server.wiring().pool;
  }

  public static Vertx vertx(PlutroServer server) {
    return server.wiring().vertx;
  }

  public static RemoteActors remoteActors(PlutroServer server) {
    return server.wiring().remoteActors;
  }

  public static RemotePosts remotePosts(PlutroServer server) {
    return server.wiring().remotePosts;
  }

  public static MediaService mediaService(PlutroServer server) {
    return server.wiring().mediaService;
  }

  public static org.plutro.server.uri.Uris uris(PlutroServer server) {
    return server.wiring().uris;
  }

  public static RemoteMediaCache remoteMedia(PlutroServer server) {
    return server.wiring().remoteMedia;
  }

  /** Runs the trends' refresh job once, as the job queue would. */
  public static void refreshTrends(PlutroServer server) {
    await(server.wiring().trends.run(new io.vertx.core.json.JsonObject()));
  }

  /** Runs the suggestions' refresh job once, as the job queue would. */
  public static void refreshSuggestions(PlutroServer server) {
    await(server.wiring().personalSuggestions.run(new io.vertx.core.json.JsonObject()));
  }

  private static void await(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the server's housekeeping once. */
  public static Future<Integer> runHousekeeping(PlutroServer server) {
    return housekeeping(server, server.settings().ipRetentionDays()).run();
  }

  /** The server's housekeeping, with IP addresses kept {@code ipRetentionDays}. */
  static Housekeeping housekeeping(PlutroServer server, int ipRetentionDays) {
    return new Housekeeping(vertx(server), pool(server), ipRetentionDays, remoteMedia(server));
  }
}
