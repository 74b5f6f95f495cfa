package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Params;
import org.plutro.server.service.ReadReceipts;
import org.plutro.server.service.ThreadService;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.ConversationStore.Conversation;
import org.plutro.server.store.Page;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/**
 * {@code /conversations}: the member's direct-message conversations as {@code /api/v1/conversations}
 * lists them (newest message first, unread marked), each with its participants and last message;
 * {@code /conversations/:id} shows one as a thread and marks it read as the API's
 * {@code POST /:id/read} does (with read receipts on, the sender learns it: {@link ReadReceipts}),
 * with a reply form to its participants. Who read the member's own last message is shown only
 * when the member turned read receipts on.
 */
public final class ConversationsPage {
  public static final String PATH = "/conversations";
  static final int PAGE_SIZE = 20;

  private final Visits visits;
  private final Pages pages;
  private final ConversationStore conversations;
  private final StatusStore statuses;
  private final ThreadService threads;
  private final ReadReceipts receipts;
  private final VisitorPosts visitorPosts;
  private final Uris uris;

  public ConversationsPage(Visits visits, Pages pages, ConversationStore conversations,
      StatusStore statuses, ThreadService threads, ReadReceipts receipts, VisitorPosts visitorPosts,
      Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.conversations = conversations;
    this.statuses = statuses;
    this.threads = threads;
    this.receipts = receipts;
    this.visitorPosts = visitorPosts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::list);
    router.get(PATH + "/:id").handler(this::show);
  }

  /** One conversation in the list. */
  public record Row(long id, boolean unread, List<AccountLink> with, PostExcerpt last, String readBy) {
    public String url() {
      return PATH + "/" + id;
    }

    public String names() {
      return with.isEmpty() ? "Only you" : with.stream().map(AccountLink::name)
          .collect(Collectors.joining(", "));
    }
  }

  private void list(RoutingContext ctx) {
    Long maxId = ProfilePages.maxId(ctx);
    visits.member(ctx).compose(visit -> {
      Account member = visit.member();
      return conversations.page(member.id(), new Page(maxId, null, null, PAGE_SIZE))
          .compose(found -> rows(member, found).map(rows -> {
            Map<String, Object> params = new HashMap<>();
            params.put("conversations", rows);
            params.put("older", found.size() < PAGE_SIZE ? null
                : PATH + "?max_id=" + found.get(found.size() - 1).lastStatusId());
            pages.send(ctx, "member/conversations.jte", visit.frame("Messages").hiddenFromSearch(),
                params);
            return null;
          }));
    }).onFailure(ctx::fail);
  }

  private Future<List<Row>> rows(Account member, List<Conversation> found) {
    List<Long> ids = found.stream().map(Conversation::id).toList();
    List<Long> lastIds = found.stream().map(Conversation::lastStatusId).toList();
    List<Future<Optional<Status>>> lasts = lastIds.stream().map(statuses::byId).toList();
    Future<Map<Long, List<Account>>> participants = conversations.participants(ids);
    Future<Map<Long, List<Long>>> readers = receipts.readers(member.id(), lastIds);
    List<Future<?>> all = new ArrayList<>(lasts);
    all.add(participants);
    all.add(readers);
    return Future.all(all).compose(done -> visitorPosts.of(lasts.stream().map(Future::result)
        .flatMap(Optional::stream).toList())).map(posts -> {
          Map<Long, PostView> byId = new HashMap<>();
          posts.forEach(post -> byId.put(post.status().id(), post));
          List<Row> rows = new ArrayList<>();
          for (Conversation c : found) {
            List<Account> others = participants.result().getOrDefault(c.id(), List.of());
            List<AccountLink> with = others.stream().filter(a -> a.id() != member.id())
                .map(a -> AccountLink.of(a, uris)).toList();
            PostView last = byId.get(c.lastStatusId());
            rows.add(new Row(c.id(), c.unread(), with, last == null ? null : PostExcerpt.of(last),
                readBy(member, last, readers.result(), others)));
          }
          return rows;
        });
  }

  /** "Read by Ann" under the member's own last message, only with their receipts on. */
  private static String readBy(Account member, PostView last, Map<Long, List<Long>> readers,
      List<Account> participants) {
    if (readers == null || last == null || last.status().accountId() != member.id()) {
      return null;
    }
    List<Long> read = readers.getOrDefault(last.status().id(), List.of());
    List<String> names = participants.stream().filter(a -> read.contains(a.id()))
        .map(a -> a.displayName().isBlank() ? a.username() : a.displayName()).toList();
    return names.isEmpty() ? "Not read yet" : "Read by " + String.join(", ", names);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.member(ctx).compose(visit -> {
      Account member = visit.member();
      return conversations.one(member.id(), id).compose(found -> found
              .map(Future::succeededFuture)
              .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
          .compose(conversation -> statuses.byId(conversation.lastStatusId()).compose(last -> {
            if (last.isEmpty()) {
              return Future.failedFuture(ServiceException.notFound("Record not found"));
            }
            // Opening it reads it, as an app calls POST /api/v1/conversations/:id/read.
            Future<Void> read = conversation.unread()
                ? conversations.markRead(member.id(), id).compose(marked -> receipts.read(member, last.get()))
                : Future.succeededFuture();
            return read.compose(done -> threads.held(Optional.of(member), last.get()))
                .compose(thread -> {
                  List<Status> all = new ArrayList<>(thread.ancestors());
                  all.add(last.get());
                  all.addAll(thread.descendants());
                  return Future.all(visitorPosts.of(all), rows(member, List.of(conversation)));
                })
                .map(both -> {
                  List<PostView> posts = both.resultAt(0);
                  Row row = both.<List<Row>>resultAt(1).get(0);
                  Map<String, Object> params = new HashMap<>();
                  params.put("conversation", row);
                  params.put("posts", posts);
                  params.put("replyTo", last.get().id());
                  params.put("mentions", row.with().stream().map(a -> a.handle() + " ")
                      .collect(Collectors.joining()));
                  pages.send(ctx, "member/conversation.jte",
                      visit.frame("Messages with " + row.names()).hiddenFromSearch(), params);
                  return null;
                });
          }));
    }).onFailure(ctx::fail);
  }
}
