package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.ThreadStore;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.remote.Backfill;
import org.plutro.server.federation.remote.RemotePosts;

/**
 * A post's thread as a viewer may see it. Parents we do not hold are fetched from their servers
 * on demand — a few per request, and never beyond a depth limit — and kept.
 */
public final class ThreadService {
  /** How far up a thread we go on the database, and how many replies down we show. */
  static final int ANCESTOR_DEPTH = 40;
  static final int DESCENDANT_DEPTH = 40;
  static final int MAX_DESCENDANTS = 500;
  /** Remote parents are fetched only while the thread above is shallower than this. */
  static final int FETCH_DEPTH = 20;
  /** At most this many fetches in one request; the rest come with the next request. */
  static final int FETCHES_PER_REQUEST = 3;

  /** Ancestors (root first) and descendants (depth-first, as Mastodon orders them). */
  public record Context(List<Status> ancestors, List<Status> descendants) {}

  private final Uris uris;
  private final ThreadStore threads;
  private final StatusVisibility statusVisibility;
  private final RemotePosts remotePosts;
  private final Backfill backfill;

  public ThreadService(Uris uris, ThreadStore threads, StatusVisibility statusVisibility, RemotePosts remotePosts,
      Backfill backfill) {
    this.uris = uris;
    this.threads = threads;
    this.statusVisibility = statusVisibility;
    this.remotePosts = remotePosts;
    this.backfill = backfill;
  }

  /**
   * The thread, its missing parents fetched first (a few per request); a member looking also
   * has the replies we never received fetched in the background ({@link Backfill}).
   */
  public Future<Context> context(Optional<Account> viewer, Status status) {
    if (viewer.isPresent()) {
      backfill.threadLookedAt(status);
    }
    return fetchMissingParents(status, FETCHES_PER_REQUEST)
        .compose(done -> thread(status))
        .compose(thread -> visibleTo(viewer, thread));
  }

  /**
   * The thread as we hold it, as the viewer may see it, without fetching anything: for pages that
   * anyone may open, which must not make this server call others.
   */
  public Future<Context> held(Optional<Account> viewer, Status status) {
    return thread(status).compose(thread -> visibleTo(viewer, thread));
  }

  /** The thread as we hold it. */
  private Future<Context> thread(Status status) {
    return threads.ancestors(status.id(), ANCESTOR_DEPTH).compose(ancestors -> threads
        .descendants(status.id(), DESCENDANT_DEPTH, MAX_DESCENDANTS)
        .map(descendants -> new Context(ancestors, depthFirst(status.id(), descendants))));
  }

  /** What of the thread the viewer may see. */
  private Future<Context> visibleTo(Optional<Account> viewer, Context thread) {
    return statusVisibility.filter(viewer, thread.ancestors()).compose(ancestors -> statusVisibility
        .filter(viewer, thread.descendants())
        .map(descendants -> new Context(ancestors, descendants)));
  }

  /** Walks up to the highest parent we hold and fetches the one above it, a few times. */
  private Future<Void> fetchMissingParents(Status status, int budget) {
    if (budget <= 0) {
      return Future.succeededFuture();
    }
    return threads.ancestors(status.id(), ANCESTOR_DEPTH).compose(ancestors -> {
      Status top = ancestors.isEmpty() ? status : ancestors.get(0);
      String missing = top.inReplyToUri();
      if (top.inReplyToId() != null || missing == null || uris.isLocal(missing)
          || ancestors.size() >= FETCH_DEPTH) {
        return Future.succeededFuture();
      }
      return remotePosts.fetch(missing)
          .compose(parent -> parent.isEmpty() ? Future.succeededFuture(false)
              : threads.adoptOrphans(parent.get().id(), parent.get().uri()).map(true))
          .otherwise(false)
          .compose(fetched -> fetched ? fetchMissingParents(status, budget - 1)
              : Future.succeededFuture());
    });
  }

  private static List<Status> depthFirst(long rootId, List<Status> descendants) {
    Map<Long, List<Status>> children = new HashMap<>();
    for (Status status : descendants) {
      children.computeIfAbsent(status.inReplyToId(), id -> new ArrayList<>()).add(status);
    }
    List<Status> ordered = new ArrayList<>(descendants.size());
    Deque<Status> stack = new ArrayDeque<>();
    pushChildren(children.get(rootId), stack);
    while (!stack.isEmpty()) {
      Status next = stack.pop();
      ordered.add(next);
      pushChildren(children.get(next.id()), stack);
    }
    return ordered;
  }

  private static void pushChildren(List<Status> children, Deque<Status> stack) {
    if (children != null) {
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
  }
}
