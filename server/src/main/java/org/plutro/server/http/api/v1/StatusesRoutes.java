package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Visibility;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.Viewer;
import org.plutro.server.service.ServiceException;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.ValidationErrors;

/** Posting, reading and deleting statuses. */
public final class StatusesRoutes {
  private final AppContext app;
  private final Presenter presenter;

  public StatusesRoutes(AppContext app) {
    this.app = app;
    this.presenter = new Presenter(app);
  }

  public void mount(Router router) {
    router.post("/api/v1/statuses").handler(this::post);
    router.get("/api/v1/statuses/:id").handler(this::show);
    router.delete("/api/v1/statuses/:id").handler(this::delete);
  }

  private void post(RoutingContext ctx) {
    Params params = Params.of(ctx);
    app.auth().member(ctx, "write:statuses").compose(caller -> app.users()
        .byAccountId(caller.member().id()).compose(user -> {
          String visibility = params.string("visibility");
          Visibility parsed;
          try {
            parsed = Visibility.parse(visibility == null || visibility.isBlank()
                ? user.orElseThrow().defaultPrivacy() : visibility);
          } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ValidationErrors()
                .add("visibility", "ERR_INCLUSION", "is not included in the list").toException());
          }
          var draft = new StatusService.Draft(params.string("status"), parsed,
              params.string("spoiler_text"), Boolean.TRUE.equals(params.bool("sensitive")),
              params.string("language"));
          return app.statusService().post(caller.member(), draft);
        }))
        .compose(presenter::status)
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    app.auth().optional(ctx, "read:statuses").compose(caller -> app.statuses().byId(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return Viewer.maySee(app, caller.flatMap(c -> c.account()), found.get()).compose(visible -> visible
          ? presenter.status(found.get(), caller.flatMap(c -> c.account()))
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    })).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = AccountsRoutes.parseId(ctx.pathParam("id"));
    app.auth().member(ctx, "write:statuses")
        .compose(caller -> app.statusService().delete(caller.member(), id))
        .compose(presenter::status)
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }
}
