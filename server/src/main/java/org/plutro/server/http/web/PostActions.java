package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiFunction;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.UserStore;

/**
 * A member's buttons under a post, as plain forms: like, share, bookmark and their undoing, and
 * deleting their own post. Each goes through the service the API's route uses and answers 303
 * back to the page it came from ({@code return_to}), at the post. A post the member may not see
 * is 404, as in the API.
 */
public final class PostActions {
  private final Visits visits;
  private final InteractionService interactions;
  private final StatusService statusService;
  private final StatusStore statuses;
  private final StatusVisibility statusVisibility;
  private final UserStore users;

  public PostActions(Visits visits, InteractionService interactions, StatusService statusService,
      StatusStore statuses, StatusVisibility statusVisibility, UserStore users) {
    this.visits = visits;
    this.interactions = interactions;
    this.statusService = statusService;
    this.statuses = statuses;
    this.statusVisibility = statusVisibility;
    this.users = users;
  }

  public void mount(Router router) {
    act(router, "favourite", interactions::favourite);
    act(router, "unfavourite", interactions::unfavourite);
    act(router, "unreblog", interactions::unreblog);
    act(router, "bookmark", interactions::bookmark);
    act(router, "unbookmark", interactions::unbookmark);
    // Shared with the member's default audience, as the API does when none is named.
    act(router, "reblog", (member, status) -> users.byAccountId(member.id())
        .compose(user -> interactions.reblog(member, status,
            Visibility.parse(user.orElseThrow().defaultPrivacy()))));
    router.post("/statuses/:id/delete").handler(ctx -> visits.memberForm(ctx)
        .compose(visit -> statusService.delete(visit.member(), id(ctx)))
        .onSuccess(deleted -> back(ctx, null))
        .onFailure(ctx::fail));
  }

  private void act(Router router, String action, BiFunction<Account, Status, Future<Status>> change) {
    router.post("/statuses/:id/" + action).handler(ctx -> visits.memberForm(ctx)
        .compose(visit -> visible(ctx, visit.member())
            .compose(status -> change.apply(visit.member(), status)))
        .onSuccess(done -> back(ctx, ctx.pathParam("id")))
        .onFailure(ctx::fail));
  }

  /** To the page the form was on, at the post (a deleted one has no place there any more). */
  private static void back(RoutingContext ctx, String anchorId) {
    String returnTo = ctx.request().getFormAttribute("return_to");
    String path = WebPaths.isLocalPath(returnTo) ? returnTo.replaceFirst("#.*$", "") : WebPaths.HOME_TIMELINE;
    Notices.redirect(ctx, anchorId == null ? path : path + "#post-" + anchorId);
  }

  private Future<Status> visible(RoutingContext ctx, Account member) {
    long id = id(ctx);
    return statuses.byId(id).compose(found -> found.isEmpty() || found.get().isDeleted()
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : statusVisibility.maySee(Optional.of(member), found.get()).compose(visible -> visible
            ? Future.succeededFuture(found.get())
            : Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private static long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ServiceException.notFound("Record not found");
    }
  }
}
