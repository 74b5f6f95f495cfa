package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.plutro.server.http.Auth;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.TimelineStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.uri.Uris;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.Viewer;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.Page;
import org.plutro.server.store.TimelineStore.Cursored;
import org.plutro.server.store.TimelineStore.CursoredAccount;

/**
 * Likes, shares, bookmarks and pins of a status, who liked or shared it, and the member's own
 * favourites and bookmarks. A status the caller may not see is "Record not found".
 */
public final class InteractionRoutes {
  static final int DEFAULT_STATUSES = 20;
  static final int DEFAULT_ACCOUNTS = 40;
  private final Auth auth;
  private final InteractionService interactions;
  private final UserStore users;
  private final StatusStore statuses;
  private final StatusVisibility statusVisibility;
  private final TimelineStore timelines;
  private final StatusPresenter statusPresenter;
  private final Presenter presenter;
  private final Uris uris;

  public InteractionRoutes(Auth auth, InteractionService interactions, UserStore users, StatusStore statuses,
      StatusVisibility statusVisibility, TimelineStore timelines, StatusPresenter statusPresenter,
      Presenter presenter, Uris uris) {
    this.auth = auth;
    this.interactions = interactions;
    this.users = users;
    this.statuses = statuses;
    this.statusVisibility = statusVisibility;
    this.timelines = timelines;
    this.statusPresenter = statusPresenter;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    var service = interactions;
    act(router, "favourite", "write:favourites", service::favourite);
    act(router, "unfavourite", "write:favourites", service::unfavourite);
    act(router, "unreblog", "write:statuses", service::unreblog);
    act(router, "bookmark", "write:bookmarks", service::bookmark);
    act(router, "unbookmark", "write:bookmarks", service::unbookmark);
    act(router, "pin", "write:accounts", service::pin);
    act(router, "unpin", "write:accounts", service::unpin);
    router.post("/api/v1/statuses/:id/reblog").handler(this::reblog);
    router.get("/api/v1/statuses/:id/favourited_by").handler(ctx -> who(ctx, true));
    router.get("/api/v1/statuses/:id/reblogged_by").handler(ctx -> who(ctx, false));
    router.get("/api/v1/favourites").handler(ctx -> own(ctx, true));
    router.get("/api/v1/bookmarks").handler(ctx -> own(ctx, false));
  }

  private void act(Router router, String action, String scope,
      BiFunction<Account, Status, Future<Status>> change) {
    router.post("/api/v1/statuses/:id/" + action).handler(ctx -> auth.member(ctx, scope)
        .compose(caller -> visible(ctx, caller.account())
            .compose(status -> change.apply(caller.member(), status))
            .compose(status -> presenter.status(status, caller.account())))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail));
  }

  /** Shares with {@code visibility} (public, unlisted or private; the member's default if absent). */
  private void reblog(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.member(ctx, "write:statuses").compose(caller -> {
      String requested = params.string("visibility");
      Future<Visibility> visibility = requested == null || requested.isBlank()
          ? users.byAccountId(caller.member().id())
              .map(user -> Visibility.parse(user.orElseThrow().defaultPrivacy()))
          : parse(requested);
      return visibility.compose(chosen -> visible(ctx, caller.account())
          .compose(status -> interactions.reblog(caller.member(), status, chosen))
          .compose(reblog -> presenter.status(reblog, caller.account())));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private static Future<Visibility> parse(String value) {
    try {
      Visibility visibility = Visibility.parse(value.strip());
      if (visibility != Visibility.DIRECT) {
        return Future.succeededFuture(visibility);
      }
    } catch (IllegalArgumentException ignored) {
      // Falls through to the validation error.
    }
    return Future.failedFuture(new ValidationErrors()
        .add("visibility", "ERR_INCLUSION", "is not included in the list").toException());
  }

  private void who(RoutingContext ctx, boolean favourites) {
    Page page = Pagination.mastodonPage(ctx, DEFAULT_ACCOUNTS);
    auth.optional(ctx, "read:statuses").compose(caller -> visible(ctx, caller.flatMap(Caller::account))
        .compose(status -> {
          long id = status.reblogOfId() != null ? status.reblogOfId() : status.id();
          return favourites ? timelines.favouritedBy(id, page)
              : timelines.rebloggedBy(id, page);
        })
        .compose(items -> {
          List<Long> cursors = new ArrayList<>();
          List<Account> accounts = new ArrayList<>();
          for (CursoredAccount item : items) {
            cursors.add(item.cursor());
            accounts.add(item.account());
          }
          Pagination.links(ctx, uris.base(), cursors, items.size() == page.limit(),
              "since_id", "limit");
          return presenter.accounts(accounts);
        }))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private void own(RoutingContext ctx, boolean favourites) {
    Page page = Pagination.mastodonPage(ctx, DEFAULT_STATUSES);
    auth.member(ctx, favourites ? "read:favourites" : "read:bookmarks").compose(caller -> {
      long member = caller.member().id();
      return (favourites ? timelines.favourites(member, page)
          : timelines.bookmarks(member, page)).compose(items -> {
            List<Long> cursors = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (Cursored item : items) {
              cursors.add(item.cursor());
              ids.add(item.statusId());
            }
            Pagination.links(ctx, uris.base(), cursors, items.size() == page.limit(),
                "min_id", "limit");
            return statusPresenter.byIds(ids, member);
          });
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  /** The status named in the path, if the viewer may see it. */
  private Future<Status> visible(RoutingContext ctx, Optional<Account> viewer) {
    long id = Params.parseId(ctx.pathParam("id"));
    return statuses.byId(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return Viewer.maySee(statusVisibility, viewer, found.get()).compose(visible -> visible
          ? Future.succeededFuture(found.get())
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }
}
