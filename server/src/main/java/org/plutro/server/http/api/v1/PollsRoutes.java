package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.plutro.server.http.Auth;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.StatusStore;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.PollEntity;
import org.plutro.server.service.PollService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.PollStore.Poll;

/** {@code GET /api/v1/polls/:id} and {@code POST /api/v1/polls/:id/votes} ({@code choices[]}). */
public final class PollsRoutes {
  private final Auth auth;
  private final PollStore polls;
  private final PollService service;
  private final StatusStore statuses;
  private final StatusVisibility statusVisibility;

  public PollsRoutes(Auth auth, PollStore polls, PollService service, StatusStore statuses,
      StatusVisibility statusVisibility) {
    this.auth = auth;
    this.polls = polls;
    this.service = service;
    this.statuses = statuses;
    this.statusVisibility = statusVisibility;
  }

  public void mount(Router router) {
    router.get("/api/v1/polls/:id").handler(this::show);
    router.post("/api/v1/polls/:id/votes").handler(this::vote);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.optional(ctx, "read:statuses").compose(caller -> {
      Optional<Account> viewer = caller.flatMap(c -> c.account());
      return polls.byId(id)
          .compose(found -> found.isEmpty() ? Future.<Poll>failedFuture(ServiceException.notFound("Record not found"))
              : visiblePoll(found.get(), viewer))
          .compose(poll -> entity(poll, viewer));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  /** The poll, when its post exists and the viewer may see it; 404 otherwise. */
  private Future<Poll> visiblePoll(Poll poll, Optional<Account> viewer) {
    return statuses.byId(poll.statusId()).compose(status -> status.isEmpty()
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : statusVisibility.maySee(viewer, status.get()).compose(visible -> visible
            ? Future.succeededFuture(poll)
            : Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private void vote(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    List<String> choices = Params.of(ctx).list("choices");
    auth.member(ctx, "write:statuses")
        .compose(caller -> service.vote(caller.member(), id, choices)
            .compose(poll -> entity(poll, Optional.of(caller.member()))))
        .onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private Future<JsonObject> entity(Poll poll, Optional<Account> viewer) {
    if (viewer.isEmpty()) {
      return Future.succeededFuture(PollEntity.of(poll, null, false));
    }
    return polls.ownVotes(viewer.get().id(), List.of(poll.id())).map(votes -> PollEntity.of(poll,
        votes.getOrDefault(poll.id(), List.of()), poll.accountId() == viewer.get().id()));
  }
}
