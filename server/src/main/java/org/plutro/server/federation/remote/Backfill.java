package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Collection;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Ref;
import org.plutro.federation.vocab.Salvage;
import org.plutro.federation.vocab.VocabException;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.json.Refs;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.BackfillStore;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member sees of another server fills in when they look: a remote account's recent posts
 * (from its outbox) the first time a member opens it, and a thread's replies we never received
 * (its posts' {@code replies} collections, walked down the thread) when a member opens the
 * thread, as Mastodon's FetchAllRepliesWorker. Both run as durable jobs, bounded in pages and
 * posts, and are not repeated within a cooldown; a server that does not answer costs nothing.
 */
public final class Backfill {
  public static final String ACCOUNT_JOB = "account.backfill";
  public static final String REPLIES_JOB = "status.replies";
  /** An account's posts are fetched again only after this long. */
  static final Duration ACCOUNT_COOLDOWN = Duration.ofDays(1);
  /** A thread's replies are fetched again only after this long (Mastodon waits 15 minutes). */
  static final Duration REPLIES_COOLDOWN = Duration.ofMinutes(15);
  /** Posts taken from an outbox. */
  private static final int ACCOUNT_POSTS = 20;
  /** Documents fetched for one thread's replies, pages and posts together. */
  private static final int THREAD_FETCHES = 60;
  /** Pages of one replies collection. */
  private static final int PAGES_PER_COLLECTION = 3;
  private static final Pattern VITAL = Pattern.compile("id|type(\\[\\d+])?");
  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

  private final Uris uris;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final BackfillStore backfills;
  private final JobStore jobStore;
  private final JobQueue jobs;
  private final DocumentFetcher fetcher;
  private final RemotePosts remotePosts;
  private final RemoteStatuses remoteStatuses;

  public Backfill(Uris uris, AccountStore accounts, StatusStore statuses, BackfillStore backfills,
      JobStore jobStore, JobQueue jobs, DocumentFetcher fetcher, RemotePosts remotePosts,
      RemoteStatuses remoteStatuses) {
    this.uris = uris;
    this.accounts = accounts;
    this.statuses = statuses;
    this.backfills = backfills;
    this.jobStore = jobStore;
    this.jobs = jobs;
    this.fetcher = fetcher;
    this.remotePosts = remotePosts;
    this.remoteStatuses = remoteStatuses;
  }

  /** A member opened a remote account: its recent posts are fetched unless they were lately. */
  public void accountLookedAt(Account account) {
    if (!account.isLocal() && account.outboxUrl() != null && !account.suspended()) {
      request(ACCOUNT_JOB, account.id(), ACCOUNT_COOLDOWN);
    }
  }

  /** A member opened a thread at a remote post: replies we lack are fetched unless they were lately. */
  public void threadLookedAt(Status status) {
    if (!status.local() && !status.isDeleted()) {
      request(REPLIES_JOB, status.id(), REPLIES_COOLDOWN);
    }
  }

  private void request(String kind, long subject, Duration cooldown) {
    backfills.claim(kind, subject, cooldown)
        .compose(due -> due ? jobStore.queueUnlessQueued(kind, Long.toString(subject))
            .onSuccess(queued -> jobs.wake()) : Future.succeededFuture())
        .onFailure(failure -> LOG.debug("Cannot queue {} of {}: {}", kind, subject, failure.toString()));
  }

  /** The account job: the newest posts of the account's outbox, stored as if delivered, silently. */
  public Future<Void> account(JsonObject payload) {
    long accountId = Long.parseLong(payload.getString("subject"));
    return accounts.byId(accountId).compose(found -> {
      Account author = found.orElse(null);
      if (author == null || author.isLocal() || author.suspended() || author.deletedAt() != null
          || author.outboxUrl() == null || !Refs.sameOrigin(author.outboxUrl(), author.uri())) {
        return Future.succeededFuture();
      }
      return firstPage(author.outboxUrl())
          .compose(page -> storePosts(author, page.map(Collection::items).orElse(List.of())))
          .recover(failure -> {
            LOG.debug("Cannot read the outbox of {}: {}", author.uri(), failure.toString());
            return Future.succeededFuture();
          });
    });
  }

  /** Stores the posts an outbox page lists, oldest first; shares and others' posts are skipped. */
  private Future<Void> storePosts(Account author, List<Ref<AsObject>> items) {
    List<Ref<AsObject>> newestFirst = items.subList(0, Math.min(items.size(), ACCOUNT_POSTS));
    Future<Void> chain = Future.succeededFuture();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      Ref<AsObject> item = newestFirst.get(i);
      Optional<Activity> create = item.embedded().filter(object -> object instanceof Activity activity
          && activity.is("Create")).map(Activity.class::cast);
      if (create.isEmpty()) {
        continue;
      }
      Optional<Note> note = create.get().embeddedObject(Note.class)
          .filter(post -> RemotePosts.isPost(post) && author.uri().equals(RemotePosts.authorOf(post))
              && Refs.sameOrigin(post.id(), author.uri()));
      String objectId = create.get().objectId();
      chain = chain.compose(done -> note.isPresent()
          ? remotePosts.store(note.get(), author, false).<Void>mapEmpty()
          : objectId != null && Refs.sameOrigin(objectId, author.uri())
              ? remoteStatuses.find(objectId).<Void>mapEmpty() : Future.succeededFuture())
          .recover(failure -> Future.succeededFuture());
    }
    return chain;
  }

  /** The replies job: walks the thread down from the post, fetching replies we do not hold. */
  public Future<Void> replies(JsonObject payload) {
    long statusId = Long.parseLong(payload.getString("subject"));
    return statuses.byId(statusId).compose(found -> {
      if (found.isEmpty() || found.get().local() || found.get().isDeleted()) {
        return Future.succeededFuture();
      }
      Deque<String> toWalk = new ArrayDeque<>(List.of(found.get().uri()));
      return walk(toWalk, new LinkedHashSet<>(toWalk), new int[] {THREAD_FETCHES});
    });
  }

  /** Takes the next post to walk, reads its replies, stores the missing ones and walks them too. */
  private Future<Void> walk(Deque<String> toWalk, Set<String> seen, int[] budget) {
    String next = toWalk.poll();
    if (next == null || budget[0] <= 0) {
      return Future.succeededFuture();
    }
    return replyIds(next, budget)
        .compose(ids -> storeReplies(ids, toWalk, seen, budget))
        .recover(failure -> {
          LOG.debug("Cannot read the replies of {}: {}", next, failure.toString());
          return Future.succeededFuture();
        })
        .compose(done -> walk(toWalk, seen, budget));
  }

  /** The ids of the post's replies collection, up to a few pages. */
  private Future<List<String>> replyIds(String postUri, int[] budget) {
    if (uris.isLocal(postUri)) {
      return Future.succeededFuture(List.of());
    }
    budget[0]--;
    return fetcher.fetch(postUri).compose(document -> {
      Note post = PeerPost.read(document);
      if (post == null || post.replies() == null) {
        return Future.succeededFuture(List.<String>of());
      }
      List<String> ids = new ArrayList<>();
      Ref<Collection> replies = post.replies();
      Future<Optional<Collection>> collection = replies.embedded().isPresent()
          ? Future.succeededFuture(replies.embedded())
          : sameOriginCollection(replies.id(), postUri, budget);
      return collection.compose(found -> found.map(c -> pages(c.first(), postUri, ids, PAGES_PER_COLLECTION,
          budget, c.items())).orElseGet(Future::succeededFuture)).map(ids);
    });
  }

  /** Adds the items of the collection itself, then of its pages in turn, to {@code ids}. */
  private Future<Void> pages(Ref<Collection> page, String origin, List<String> ids, int pagesLeft,
      int[] budget, List<Ref<AsObject>> items) {
    items.stream().map(Ref::id).filter(id -> id != null).forEach(ids::add);
    if (page == null || pagesLeft <= 0 || budget[0] <= 0) {
      return Future.succeededFuture();
    }
    Future<Optional<Collection>> loaded = page.embedded().isPresent()
        ? Future.succeededFuture(page.embedded()) : sameOriginCollection(page.id(), origin, budget);
    return loaded.compose(found -> found.map(p -> pages(p.next(), origin, ids, pagesLeft - 1, budget, p.items()))
        .orElseGet(Future::succeededFuture));
  }

  /** Stores each reply we lack (from its own server) and queues every reply to be walked. */
  private Future<Void> storeReplies(List<String> ids, Deque<String> toWalk, Set<String> seen, int[] budget) {
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      if (!seen.add(id)) {
        continue;
      }
      chain = chain.compose(done -> statuses.byUri(id)).compose(held -> {
        if (held.isPresent()) {
          return Future.succeededFuture(true);
        }
        if (budget[0] <= 0) {
          return Future.succeededFuture(false);
        }
        budget[0]--;
        return remoteStatuses.find(id).map(Optional::isPresent);
      }).map(stored -> {
        if (stored) {
          toWalk.add(id);
        }
        return null;
      });
    }
    return chain;
  }

  /** The collection at {@code url}, on the same origin as {@code origin}; empty elsewhere. */
  private Future<Optional<Collection>> sameOriginCollection(String url, String origin, int[] budget) {
    if (url == null || !Refs.sameOrigin(url, origin) || budget[0] <= 0) {
      return Future.succeededFuture(Optional.empty());
    }
    budget[0]--;
    return fetcher.fetch(url).map(Backfill::collection);
  }

  /** The outbox's first page (or the outbox itself when it lists its items). */
  private Future<Optional<Collection>> firstPage(String outboxUrl) {
    return fetcher.fetch(outboxUrl).map(Backfill::collection).compose(outbox -> {
      if (outbox.isEmpty() || outbox.get().first() == null) {
        return Future.succeededFuture(outbox);
      }
      Ref<Collection> first = outbox.get().first();
      return first.embedded().isPresent() ? Future.succeededFuture(first.embedded())
          : Refs.sameOrigin(first.id(), outboxUrl) ? fetcher.fetch(first.id()).map(Backfill::collection)
          : Future.succeededFuture(Optional.empty());
    });
  }

  /** A fetched document as a collection, what cannot be read of its items left out. */
  private static Optional<Collection> collection(JsonObject normalised) {
    try {
      return Salvage.parse(normalised, property -> VITAL.matcher(property).matches()) instanceof Collection c
          ? Optional.of(c) : Optional.empty();
    } catch (VocabException e) {
      return Optional.empty();
    }
  }
}
