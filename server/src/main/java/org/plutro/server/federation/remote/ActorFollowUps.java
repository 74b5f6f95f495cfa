package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.plutro.server.domain.Account;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.RemoteMediaStore;
import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.text.RelMe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows the storing of another server's actor, as durable jobs so that the request that
 * stored it does not wait: its profile links are verified ({@link LinkVerification}) and its pins
 * read from its featured collection ({@link FeaturedSync}). At most one of each is queued per actor.
 * Its avatar and header are copied here (see {@code RemoteMediaCache}) unless they already are.
 */
public final class ActorFollowUps {
  private static final Logger LOG = LoggerFactory.getLogger(ActorFollowUps.class);

  private final JobStore jobs;
  private final RemoteMediaStore media;
  private final boolean allowHttp;

  /** {@code allowHttp}: plain-http profile links count too (see {@link RelMe#verifiableLink}). */
  public ActorFollowUps(JobStore jobs, RemoteMediaStore media, boolean allowHttp) {
    this.jobs = jobs;
    this.media = media;
    this.allowHttp = allowHttp;
  }

  /** Queues the follow-ups the stored actor needs; never fails. */
  public Future<Void> queueFor(Account stored) {
    Future<Void> links = linksAwaitVerification(stored) ? queue(LinkVerification.JOB, stored) : Future.succeededFuture();
    Future<Void> pins = stored.featuredUrl() != null ? queue(FeaturedSync.JOB, stored) : Future.succeededFuture();
    return Future.join(links, pins, images(stored)).mapEmpty();
  }

  private Future<Void> images(Account stored) {
    List<RemoteMediaStore.Wanted> wanted = new ArrayList<>(2);
    if (stored.avatarUrl() != null) {
      wanted.add(new RemoteMediaStore.Wanted(stored.avatarUrl(), RemoteMediaUrls.Kind.AVATAR.path(), stored.id()));
    }
    if (stored.headerUrl() != null) {
      wanted.add(new RemoteMediaStore.Wanted(stored.headerUrl(), RemoteMediaUrls.Kind.HEADER.path(), stored.id()));
    }
    return media.queueFetches(wanted).recover(failure -> {
      LOG.debug("Cannot queue the images of {}: {}", stored.uri(), failure.toString());
      return Future.succeededFuture();
    });
  }

  private boolean linksAwaitVerification(Account account) {
    for (Object field : account.fields()) {
      if (field instanceof JsonObject f && RelMe.awaitsVerification(f, allowHttp)) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> queue(String kind, Account account) {
    return jobs.queueUnlessQueued(kind, Long.toString(account.id())).recover(failure -> {
      LOG.debug("Cannot queue {} for {}: {}", kind, account.uri(), failure.toString());
      return Future.succeededFuture();
    });
  }
}
