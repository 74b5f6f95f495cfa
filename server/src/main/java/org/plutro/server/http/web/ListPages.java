package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.ListStore;
import org.plutro.server.store.ListStore.MemberList;
import org.plutro.server.store.Page;
import org.plutro.server.store.TimelineStore;
import org.plutro.server.uri.Uris;

/**
 * A member's lists as the API keeps them ({@code ListsRoutes}, the same store): {@code /lists}
 * to make, rename and delete them, {@code /lists/:id} for a list's posts and its accounts (only
 * accounts the member follows may be added, as in Mastodon). Someone else's list is 404.
 */
public final class ListPages {
  static final int MAX_TITLE = 200;
  /** How many followed accounts the "add" menu offers. */
  static final int FOLLOWED_OFFERED = 400;

  /** A list's account as the page shows it. */
  public record ListAccount(String id, String name, String handle, String avatar) {}

  private final Visits visits;
  private final Pages pages;
  private final ListStore lists;
  private final FollowStore follows;
  private final TimelineStore timelines;
  private final MemberPosts memberPosts;
  private final Uris uris;

  public ListPages(Visits visits, Pages pages, ListStore lists, FollowStore follows,
      TimelineStore timelines, MemberPosts memberPosts, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.lists = lists;
    this.follows = follows;
    this.timelines = timelines;
    this.memberPosts = memberPosts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/lists").handler(this::index);
    router.post("/lists").handler(this::create);
    router.get("/lists/:id").handler(this::show);
    router.post("/lists/:id").handler(this::rename);
    router.post("/lists/:id/delete").handler(this::delete);
    router.post("/lists/:id/accounts").handler(ctx -> change(ctx, true));
    router.post("/lists/:id/accounts/remove").handler(ctx -> change(ctx, false));
  }

  private void index(RoutingContext ctx) {
    visits.member(ctx).compose(visit -> lists.owned(visit.member().id()).onSuccess(owned ->
            pages.send(ctx, "member/lists.jte", visit.frame("Lists"), Map.of("lists", owned))))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> lists.insert(visit.member().id(), title(ctx), "list", false))
        .onSuccess(list -> Notices.redirect(ctx, "/lists/" + list.id()))
        .onFailure(ctx::fail);
  }

  private void rename(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> own(ctx, visit).compose(list -> lists.update(
            new MemberList(list.id(), list.accountId(), title(ctx), list.repliesPolicy(), list.exclusive()))))
        .onSuccess(list -> Notices.redirect(ctx, "/lists"))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> own(ctx, visit)
            .compose(list -> lists.delete(list.id(), visit.member().id())))
        .onSuccess(done -> Notices.redirect(ctx, "/lists"))
        .onFailure(ctx::fail);
  }

  /** Adds or removes the account named by {@code account_id}. */
  private void change(RoutingContext ctx, boolean add) {
    visits.memberForm(ctx).compose(visit -> own(ctx, visit).compose(list -> {
      long accountId = id(ctx.request().getFormAttribute("account_id"));
      return add
          ? lists.add(list, List.of(accountId)).compose(refused -> refused.isEmpty()
              || refused.get() == ListStore.AddRefusal.ALREADY_MEMBER ? Future.succeededFuture()
              : Future.failedFuture(ServiceException.notFound("You can add only accounts you follow.")))
          : lists.remove(list.id(), List.of(accountId));
    }).map(visit.member()))
        .onSuccess(done -> Notices.redirect(ctx, "/lists/" + ctx.pathParam("id")))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    Page page = new Page(Page.id(ctx.request().getParam("max_id")), null, null, TimelinePages.PAGE_SIZE);
    visits.member(ctx).compose(visit -> own(ctx, visit).compose(list -> {
      long member = visit.member().id();
      Future<List<Long>> ids = timelines.list(list.id(), member, page);
      Future<List<MemberPost>> posts = ids.compose(found -> memberPosts.byIds(found, member, "home"));
      Future<List<Account>> inList = lists.members(list.id(), page, true).map(result -> result.accounts());
      Future<List<Account>> followed = follows.following(member, new Page(null, null, null, FOLLOWED_OFFERED))
          .map(result -> result.accounts());
      return Future.all(posts, inList, followed).onSuccess(all -> {
        Set<Long> present = inList.result().stream().map(Account::id).collect(Collectors.toSet());
        Map<String, Object> params = new HashMap<>();
        params.put("list", list);
        params.put("posts", posts.result());
        params.put("members", inList.result().stream().map(this::view).toList());
        params.put("addable", followed.result().stream().filter(a -> !present.contains(a.id()))
            .map(this::view).toList());
        params.put("returnTo", ctx.request().path());
        List<Long> pageIds = ids.result();
        params.put("older", pageIds.size() < TimelinePages.PAGE_SIZE ? ""
            : ctx.request().path() + "?max_id=" + pageIds.get(pageIds.size() - 1));
        pages.send(ctx, "member/list.jte", visit.frame(list.title()), params);
      });
    })).onFailure(ctx::fail);
  }

  private ListAccount view(Account account) {
    String name = account.displayName().isBlank() ? account.username() : account.displayName();
    String handle = "@" + (account.isLocal() ? account.username() : account.acct());
    return new ListAccount(String.valueOf(account.id()), name, handle, PostView.avatar(account, uris));
  }

  private Future<MemberList> own(RoutingContext ctx, Visit visit) {
    return lists.one(id(ctx.pathParam("id")), visit.member().id()).compose(found -> found
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private static String title(RoutingContext ctx) {
    String title = ctx.request().getFormAttribute("title");
    if (title == null || title.isBlank()) {
      throw new ServiceException(422, "Give the list a name.");
    }
    title = title.strip();
    return title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title;
  }

  private static long id(String value) {
    Long id = Page.id(value);
    if (id == null) {
      throw ServiceException.notFound("Record not found");
    }
    return id;
  }
}
