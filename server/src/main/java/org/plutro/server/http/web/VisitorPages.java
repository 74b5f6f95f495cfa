package org.plutro.server.http.web;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.store.PublicPostStore;

/** Loads what visitors' pages show (posts, their media, reply authors) and renders them. */
public final class VisitorPages {
  private static final int MAX_REPLIES = 100;
  private final AppContext app;
  private final PublicPostStore posts;

  public VisitorPages(AppContext app) {
    this.app = app;
    this.posts = new PublicPostStore(app.pool());
  }

  public Future<String> profile(Account account, boolean withReplies, Long maxId) {
    return app.counts().account(account.id()).compose(counts -> posts
        .profile(account.id(), withReplies, maxId == null ? Long.MAX_VALUE : maxId, ProfilePage.PAGE_SIZE)
        .compose(list -> views(list, account))
        .map(views -> ProfilePage.render(account, counts, views, withReplies, app.uris(),
            app.settings().instanceName())));
  }

  public Future<String> status(Status status, Account author) {
    return views(List.of(status), author).compose(post -> posts.replies(status.id(), MAX_REPLIES)
        .compose(replies -> views(replies, null))
        .map(replies -> StatusPage.render(post.get(0), replies, app.uris(),
            app.settings().instanceName())));
  }

  public Future<String> feed(Account account) {
    return posts.feed(account.id(), AtomFeed.SIZE).compose(list -> views(list, account))
        .map(views -> AtomFeed.render(account, views, app.uris(), app.settings().instanceName()));
  }

  /** Posts with their media and authors ({@code author} when all are one member's). */
  private Future<List<PostView>> views(List<Status> statuses, Account author) {
    List<Long> ids = statuses.stream().map(Status::id).toList();
    Map<Long, Account> authors = new HashMap<>();
    List<Future<?>> loads = new ArrayList<>();
    if (author == null) {
      statuses.stream().map(Status::accountId).distinct().forEach(id -> loads.add(
          app.accounts().byId(id).onSuccess(found -> found.ifPresent(a -> {
            synchronized (authors) {
              authors.put(a.id(), a);
            }
          }))));
    }
    return Future.all(loads).compose(done -> app.media().byStatuses(ids)).map(media -> {
      Map<Long, List<MediaAttachment>> byStatus = new HashMap<>();
      media.forEach(m -> byStatus.computeIfAbsent(m.statusId(), k -> new ArrayList<>()).add(m));
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
    return app.accounts().localByUsername(username).map(found -> found.filter(account ->
        account.deletedAt() == null && "Person".equals(account.actorType())));
  }
}
