package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.service.FollowService;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.Page;
import org.plutro.server.uri.Uris;

/**
 * {@code /settings/follow_requests}: the people waiting to follow a member who approves
 * followers, each approved or rejected through {@link FollowService}, as the API's
 * {@code /api/v1/follow_requests/:id/authorize|reject} (a remote follower gets Accept or Reject).
 */
public final class FollowRequestSettings {
  public static final String PATH = "/settings/follow_requests";
  private static final int PAGE_SIZE = 40;

  private final SettingsPage page;
  private final FollowStore follows;
  private final FollowService followService;
  private final AccountStore accounts;
  private final Uris uris;

  public FollowRequestSettings(SettingsPage page, FollowStore follows, FollowService followService,
      AccountStore accounts, Uris uris) {
    this.page = page;
    this.follows = follows;
    this.followService = followService;
    this.accounts = accounts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/:id/authorize").handler(ctx -> answer(ctx, true));
    router.post(PATH + "/:id/reject").handler(ctx -> answer(ctx, false));
  }

  private void show(RoutingContext ctx) {
    Page list = SettingsPage.page(ctx, PAGE_SIZE);
    page.member(ctx).compose(visit -> follows.followers(visit.member().id(), false, list)
            .map(found -> {
              Map<String, Object> params = new HashMap<>();
              params.put("requests", found.accounts().stream()
                  .map(account -> AccountRow.of(account, uris, null)).toList());
              params.put("locked", visit.member().locked());
              params.put("next", SettingsPage.next(PATH, list, found.cursors()));
              page.send(ctx, visit, "follow_requests.jte", "Follow requests", params);
              return null;
            }))
        .onFailure(ctx::fail);
  }

  /** Approves or rejects a pending request; a stale button (already answered) changes nothing. */
  private void answer(RoutingContext ctx, boolean approve) {
    long id = Params.parseId(ctx.pathParam("id"));
    page.form(ctx).compose(visit -> pending(visit.member(), id).compose(follower -> follower.isEmpty()
            ? Future.succeededFuture(Optional.<String>empty())
            : (approve ? followService.authorize(visit.member(), follower.get())
                : followService.reject(visit.member(), follower.get()))
                .map(done -> Optional.of(AccountRow.of(follower.get(), uris, null).handle()))))
        .onSuccess(handle -> {
          if (handle.isEmpty()) {
            page.done(ctx, PATH, Notice.REQUEST_GONE);
          } else {
            page.done(ctx, PATH, approve ? Notice.REQUEST_APPROVED : Notice.REQUEST_REJECTED, handle.get());
          }
        })
        .onFailure(ctx::fail);
  }

  /** The account asking to follow the member, if it still asks (an approved follower does not). */
  private Future<Optional<Account>> pending(Account member, long followerId) {
    return follows.byPair(followerId, member.id()).compose(follow -> follow.isEmpty()
        || follow.get().accepted() ? Future.succeededFuture(Optional.<Account>empty())
        : accounts.byId(followerId));
  }
}
