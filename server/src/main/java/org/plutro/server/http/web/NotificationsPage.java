package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.NotificationType;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.service.NotificationGroups;
import org.plutro.server.service.NotificationGroups.Group;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.MemberDataStore;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.store.NotificationStore.Notification;
import org.plutro.server.store.Page;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/**
 * {@code /notifications}: the member's notifications as the API lists them (same store, same
 * filters: blocked, muted and withdrawn accounts left out), grouped as Mastodon groups them
 * ({@link NotificationGroups}); the tab {@code ?types=mention} shows mentions only. Those newer than
 * the member's notifications marker (the markers API's) are unread until "Mark all as read".
 * {@code ?fragment=1} answers the list alone, for the script that adds new ones live.
 */
public final class NotificationsPage {
  public static final String PATH = "/notifications";
  static final int PAGE_SIZE = 40;
  static final String MARKER = "notifications";

  private final Visits visits;
  private final Pages pages;
  private final NotificationStore notifications;
  private final MemberDataStore markers;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final ConversationStore conversations;
  private final VisitorPosts visitorPosts;
  private final Uris uris;

  public NotificationsPage(Visits visits, Pages pages, NotificationStore notifications,
      MemberDataStore markers, AccountStore accounts, StatusStore statuses,
      ConversationStore conversations, VisitorPosts visitorPosts, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.notifications = notifications;
    this.markers = markers;
    this.accounts = accounts;
    this.statuses = statuses;
    this.conversations = conversations;
    this.visitorPosts = visitorPosts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/read").handler(this::markRead);
  }

  private void show(RoutingContext ctx) {
    boolean mentions = NotificationType.MENTION.equals(ctx.queryParams().get("types"));
    boolean fragment = "1".equals(ctx.queryParams().get("fragment"));
    Long maxId = ProfilePages.maxId(ctx);
    NotificationStore.Filter filter = new NotificationStore.Filter(
        mentions ? List.of(NotificationType.MENTION) : null, null, null);
    visits.member(ctx).compose(visit -> {
      Account member = visit.member();
      return Future.all(notifications.page(member.id(), filter, new Page(maxId, null, null, PAGE_SIZE)),
              markers.markers(member.id(), List.of(MARKER)))
          .compose(all -> {
            List<Notification> found = all.resultAt(0);
            Map<String, MemberDataStore.Marker> marker = all.resultAt(1);
            long lastRead = marker.containsKey(MARKER) ? marker.get(MARKER).lastReadId() : 0L;
            // Opening the list reads it, as in Mastodon's web app: the marker moves to the newest.
            long newest = found.isEmpty() ? 0L : found.get(0).id();
            Future<?> read = maxId == null && newest > lastRead
                ? markers.save(member.id(), Map.of(MARKER, newest)) : Future.succeededFuture();
            return read.compose(moved -> views(member, NotificationGroups.of(found), lastRead)).map(views -> {
              Map<String, Object> params = new HashMap<>();
              params.put("notifications", views);
              params.put("mentions", mentions);
              params.put("newestId", found.isEmpty() ? 0L : found.get(0).id());
              params.put("older", found.size() < PAGE_SIZE ? null
                  : PATH + "?" + (mentions ? "types=mention&" : "") + "max_id="
                      + found.get(found.size() - 1).id());
              params.put("unread", views.stream().anyMatch(NotificationView::unread));
              Frame frame = visit.frame("Notifications").hiddenFromSearch();
              if (fragment) {
                pages.send(ctx, 200, Buffer.buffer(pages.render("member/notification_list.jte", frame,
                    params)), true);
              } else {
                pages.send(ctx, 200, "member/notifications.jte", frame, params);
              }
              return null;
            });
          });
    }).onFailure(ctx::fail);
  }

  /** Saves the notifications marker at the newest notification the member saw. */
  private void markRead(RoutingContext ctx) {
    Long lastRead = Page.id(ctx.request().getFormAttribute("last_read_id"));
    visits.memberForm(ctx).compose(visit -> lastRead == null ? Future.succeededFuture()
            : markers.save(visit.member().id(), Map.of(MARKER, lastRead)).mapEmpty())
        .onSuccess(done -> Notices.redirect(ctx, back(ctx)))
        .onFailure(ctx::fail);
  }

  private static String back(RoutingContext ctx) {
    String returnTo = ctx.request().getFormAttribute("return_to");
    return WebPaths.isLocalPath(returnTo) && returnTo.startsWith(PATH) ? returnTo : PATH;
  }

  /** The groups with their accounts and posts, each read once. */
  private Future<List<NotificationView>> views(Account member, List<Group> groups, long lastRead) {
    Set<Long> accountIds = new LinkedHashSet<>();
    Set<Long> statusIds = new LinkedHashSet<>();
    for (Group group : groups) {
      accountIds.addAll(group.accountIds().subList(0, Math.min(NotificationView.NAMED,
          group.accountIds().size())));
      if (group.statusId() != null) {
        statusIds.add(group.statusId());
      }
    }
    Map<Long, AccountLink> named = new HashMap<>();
    List<Future<?>> loads = new ArrayList<>();
    for (long id : accountIds) {
      loads.add(accounts.byId(id).onSuccess(found -> found.ifPresent(account -> {
        synchronized (named) {
          named.put(id, AccountLink.of(account, uris));
        }
      })));
    }
    List<Future<Optional<Status>>> posts = statusIds.stream().map(statuses::byId).toList();
    loads.addAll(posts);
    return Future.all(loads)
        .compose(done -> visitorPosts.of(posts.stream().map(Future::result)
            .flatMap(Optional::stream).toList()))
        .compose(views -> links(member, views).map(links -> {
          Map<Long, PostView> byId = new HashMap<>();
          views.forEach(view -> byId.put(view.status().id(), view));
          List<NotificationView> shown = new ArrayList<>();
          for (Group group : groups) {
            PostView post = group.statusId() == null ? null : byId.get(group.statusId());
            if (group.statusId() != null && post == null) {
              continue;  // the post's author closed their account
            }
            List<AccountLink> who = group.accountIds().stream().map(named::get)
                .filter(a -> a != null).limit(NotificationView.NAMED).toList();
            if (who.isEmpty()) {
              continue;
            }
            String link = post == null
                ? (NotificationType.FOLLOW_REQUEST.equals(group.type()) ? "/follow_requests" : who.get(0).url())
                : links.get(post.status().id());
            shown.add(new NotificationView(group.newest().id(), group.type(),
                group.newest().id() > lastRead, who, group.accountIds().size() - who.size(),
                post == null ? null : PostExcerpt.of(post), link,
                Times.readable(group.newest().createdAt())));
          }
          return shown;
        }));
  }

  /**
   * Where each post is read: a direct message in its conversation, one of ours at its page,
   * another server's where it lives.
   */
  private Future<Map<Long, String>> links(Account member, List<PostView> posts) {
    Map<Long, String> links = new HashMap<>();
    List<Future<?>> lookups = new ArrayList<>();
    for (PostView post : posts) {
      Status status = post.status();
      if (status.visibility() == Visibility.DIRECT) {
        lookups.add(conversations.ofStatus(member.id(), status.id()).onSuccess(found -> {
          synchronized (links) {
            links.put(status.id(), found.map(c -> ConversationsPage.PATH + "/" + c.id())
                .orElse(ConversationsPage.PATH));
          }
        }));
      } else {
        links.put(status.id(), PostExcerpt.of(post).link());
      }
    }
    return Future.all(lookups).map(done -> links);
  }
}
