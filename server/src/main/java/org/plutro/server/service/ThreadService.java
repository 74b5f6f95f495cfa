package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.ThreadStore;
import org.plutro.server.store.ThreadStore.Limits;
import org.plutro.server.store.ThreadStore.Posts;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.remote.Backfill;
import org.plutro.server.federation.remote.RemotePosts;

/**
 * A post's thread as a viewer may see it. Parents we do not hold are fetched from their servers
 * on demand — a few per request, and never beyond a depth limit — and kept.
 */
public final class ThreadService {
  /** How far up and down a thread a member reads, and how many replies at most. */
  static final Limits MEMBER = new Limits(40, 40, 500);
  /** What Mastodon shows someone not signed in (its ContextsController's limits for them). */
  static final Limits VISITOR = new Limits(40, 20, 60);
  /** Remote parents are fetched only while the thread above is shallower than this. */
  static final int FETCH_DEPTH = 20;
  /** At most this many fetches in one request; the rest come with the next request. */
  static final int FETCHES_PER_REQUEST = 3;

  /** Ancestors (root first) and descendants (depth-first, as Mastodon orders them). */
  public record Context(List<Status> ancestors, List<Status> descendants) {}

  private final Uris uris;
  private final ThreadStore threads;
  private final RemotePosts remotePosts;
  private final Backfill backfill;

  public ThreadService(Uris uris, ThreadStore threads, RemotePosts remotePosts, Backfill backfill) {
    this.uris = uris;
    this.threads = threads;
    this.remotePosts = remotePosts;
    this.backfill = backfill;
  }

  /**
   * The thread of the post (not found when the viewer may not see it, or it is a share), its
   * missing parents fetched first (a few per request); a member looking also has the replies we
   * never received fetched in the background ({@link Backfill}).
   */
  public Future<Context> context(Optional<Account> viewer, long statusId) {
    Long viewerId = viewer.map(Account::id).orElse(null);
    Limits limits = viewer.isPresent() ? MEMBER : VISITOR;
    return threads.thread(statusId, viewerId, limits).compose(thread -> {
      Optional<Status> post = thread.post()
          .filter(found -> found.reblogOfId() == null && thread.visible().contains(found.id()));
      if (post.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      if (viewer.isPresent()) {
        backfill.threadLookedAt(post.get());
      }
      return withMissingParents(thread, viewerId, limits, FETCHES_PER_REQUEST)
          .map(ThreadService::visible);
    });
  }

  /**
   * The thread as we hold it, as the viewer may see it, without fetching anything: for pages that
   * anyone may open, which must not make this server call others.
   */
  public Future<Context> held(Optional<Account> viewer, Status status) {
    return threads.thread(status.id(), viewer.map(Account::id).orElse(null), MEMBER).map(ThreadService::visible);
  }

  /** What of the thread the viewer may see. */
  private static Context visible(Posts thread) {
    return new Context(thread.ancestors().stream().filter(s -> thread.visible().contains(s.id())).toList(),
        thread.descendants().stream().filter(s -> thread.visible().contains(s.id())).toList());
  }

  /** Fetches the parent above the highest one we hold and reads the thread again, a few times. */
  private Future<Posts> withMissingParents(Posts thread, Long viewerId, Limits limits, int budget) {
    Status top = thread.ancestors().isEmpty() ? thread.post().orElseThrow() : thread.ancestors().get(0);
    String missing = top.inReplyToUri();
    if (budget <= 0 || top.inReplyToId() != null || missing == null || uris.isLocal(missing)
        || thread.ancestors().size() >= FETCH_DEPTH) {
      return Future.succeededFuture(thread);
    }
    long statusId = thread.post().orElseThrow().id();
    return remotePosts.fetch(missing)
        .compose(parent -> parent.isEmpty() ? Future.succeededFuture(false)
            : threads.adoptOrphans(parent.get().id(), parent.get().uri()).map(true))
        .otherwise(false)
        .compose(fetched -> fetched
            ? threads.thread(statusId, viewerId, limits)
                .compose(again -> again.post().isEmpty() ? Future.succeededFuture(thread)
                    : withMissingParents(again, viewerId, limits, budget - 1))
            : Future.succeededFuture(thread));
  }
}
