package org.plutro.server.federation.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.plutro.server.domain.Account;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background refresh of stale remote actors (a cached copy over a day old that is looked up or
 * interacts), as Mastodon does: the request that noticed goes on with the copy it has, and a
 * durable job refetches the actor — at most one queued per actor, and at most one request to queue
 * it per actor every few minutes from this process.
 */
public final class ActorRefresh {
  public static final String JOB = "actor.refresh";
  private static final Duration REQUEST_AGAIN = Duration.ofMinutes(10);
  private static final int REMEMBERED = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ActorRefresh.class);

  private final JobStore jobStore;
  private final JobQueue jobs;
  private final RemoteActors actors;
  /** Actors whose refresh this process asked for lately: asked for again after ten minutes. */
  private final Cache<String, Boolean> requested = Caffeine.newBuilder()
      .maximumSize(REMEMBERED).expireAfterWrite(REQUEST_AGAIN).executor(Runnable::run).build();

  public ActorRefresh(JobStore jobStore, JobQueue jobs, RemoteActors actors) {
    this.jobStore = jobStore;
    this.jobs = jobs;
    this.actors = actors;
  }

  /** Queues a refresh of {@code actor}; never fails the caller. */
  public void request(Account actor) {
    if (requested.getIfPresent(actor.uri()) != null) {
      return;
    }
    requested.put(actor.uri(), Boolean.TRUE);
    jobStore.queueUnlessQueued(JOB, actor.uri())
        .onSuccess(done -> jobs.wake())
        .onFailure(failure -> LOG.debug("Cannot queue refresh of {}: {}", actor.uri(), failure.toString()));
  }

  /** The job: refetch and store. A server that does not answer keeps our copy as it is. */
  public Future<Void> run(JsonObject payload) {
    String uri = payload.getString("subject");
    return actors.refresh(uri).<Void>mapEmpty().recover(failure -> {
      LOG.debug("Refresh of {} failed: {}", uri, failure.toString());
      // 410 Gone: the account was closed and its Delete never reached us. Forget it as if it had.
      if (failure instanceof FetchRefused refused && refused.gone()) {
        return actors.stored(uri).compose(found -> found.map(actors::forget)
            .orElseGet(Future::succeededFuture));
      }
      return Future.succeededFuture();
    });
  }
}
