package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.service.BlockService;
import org.plutro.server.service.FollowService;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.SafetyStore;

/**
 * The buttons of {@link AccountButtons}: {@code POST /accounts/:id/follow} (a request to an
 * account that approves followers), {@code unfollow} (also withdraws a request), {@code block},
 * {@code unblock}, {@code mute}, {@code unmute}; through the services the Mastodon API calls, then
 * back to the form's {@code return_to} (303), at the account's buttons.
 */
public final class AccountActions {
  public static final String PATH = "/accounts";

  private final Visits visits;
  private final AccountStore accounts;
  private final FollowService follows;
  private final BlockService blocks;
  private final SafetyStore safety;

  public AccountActions(Visits visits, AccountStore accounts, FollowService follows,
      BlockService blocks, SafetyStore safety) {
    this.visits = visits;
    this.accounts = accounts;
    this.follows = follows;
    this.blocks = blocks;
    this.safety = safety;
  }

  public void mount(Router router) {
    router.post(PATH + "/:id/:action").handler(this::act);
  }

  private void act(RoutingContext ctx) {
    String action = ctx.pathParam("action");
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(visit -> account(id).compose(target -> {
      Account member = visit.member();
      if (member.id() == target.id()) {
        return Future.failedFuture(ServiceException.unprocessable("That is your own account."));
      }
      return switch (action) {
        case "follow" -> follows.follow(member, target).mapEmpty();
        case "unfollow" -> follows.unfollow(member, target).mapEmpty();
        case "block" -> blocks.block(member, target).mapEmpty();
        case "unblock" -> blocks.unblock(member, target).mapEmpty();
        case "mute" -> safety.mute(member.id(), target.id(), true, null).mapEmpty();
        case "unmute" -> safety.unmute(member.id(), target.id()).mapEmpty();
        default -> Future.failedFuture(ServiceException.notFound("Record not found"));
      };
    })).onSuccess(done -> Notices.redirect(ctx, back(ctx) + "#account-" + id))
        .onFailure(ctx::fail);
  }

  /** Where the form came from; home when it did not say or named another server. */
  private static String back(RoutingContext ctx) {
    String returnTo = ctx.request().getFormAttribute("return_to");
    return WebPaths.isLocalPath(returnTo) ? returnTo.replaceFirst("#.*$", "") : WebPaths.HOME;
  }

  private Future<Account> account(long id) {
    return accounts.byId(id).compose(found -> found
        .filter(account -> account.deletedAt() == null)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }
}
