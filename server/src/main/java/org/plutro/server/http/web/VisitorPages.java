package org.plutro.server.http.web;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.PublicPostStore;
import org.plutro.server.uri.Uris;

/** Loads what visitors' pages show (posts, their media, reply authors) and renders them. */
public final class VisitorPages {
  private static final int MAX_REPLIES = 100;
  private final PublicPostStore posts;
  private final AccountStore accounts;
  private final CountStore counts;
  private final MediaStore media;
  private final Uris uris;
  private final String instanceName;

  public VisitorPages(PublicPostStore posts, AccountStore accounts, CountStore counts, MediaStore media,
      Uris uris, String instanceName) {
    this.posts = posts;
    this.accounts = accounts;
    this.counts = counts;
    this.media = media;
    this.uris = uris;
    this.instanceName = instanceName;
  }

  public Future<String> profile(Account account, boolean withReplies, Long maxId) {
    return counts.account(account.id()).compose(counted -> posts
        .profile(account.id(), withReplies, maxId == null ? Long.MAX_VALUE : maxId, ProfilePage.PAGE_SIZE)
        .compose(list -> views(list, account))
        .map(views -> ProfilePage.render(account, counted, views, withReplies, uris, instanceName)));
  }

  public Future<String> status(Status status, Account author) {
    return views(List.of(status), author).compose(post -> posts.replies(status.id(), MAX_REPLIES)
        .compose(replies -> views(replies, null))
        .map(replies -> StatusPage.render(post.get(0), replies, uris, instanceName)));
  }

  public Future<String> feed(Account account) {
    return posts.feed(account.id(), AtomFeed.SIZE).compose(list -> views(list, account))
        .map(views -> AtomFeed.render(account, views, uris, instanceName));
  }

  /** Posts with their media and authors ({@code author} when all are one member's). */
  private Future<List<PostView>> views(List<Status> statuses, Account author) {
    List<Long> ids = statuses.stream().map(Status::id).toList();
    Map<Long, Account> authors = new HashMap<>();
    List<Future<?>> loads = new ArrayList<>();
    if (author == null) {
      statuses.stream().map(Status::accountId).distinct().forEach(id -> loads.add(
          accounts.byId(id).onSuccess(found -> found.ifPresent(a -> {
            synchronized (authors) {
              authors.put(a.id(), a);
            }
          }))));
    }
    return Future.all(loads).compose(done -> media.byStatuses(ids)).map(attachments -> {
      Map<Long, List<MediaAttachment>> byStatus = new HashMap<>();
      attachments.forEach(m -> byStatus.computeIfAbsent(m.statusId(), k -> new ArrayList<>()).add(m));
      List<PostView> views = new ArrayList<>();
      for (Status status : statuses) {
        Account by = author != null ? author : authors.get(status.accountId());
        // Replies from closed accounts are left out.
        if (by != null && by.deletedAt() == null) {
          views.add(new PostView(status, by, byStatus.getOrDefault(status.id(), List.of())));
        }
      }
      return views;
    });
  }

  /** A local member's open account by username. */
  public Future<Optional<Account>> member(String username) {
    return accounts.localByUsername(username).map(found -> found.filter(account ->
        account.deletedAt() == null && "Person".equals(account.actorType())));
  }
}
