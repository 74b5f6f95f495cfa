package org.plutro.server.http.api.v1;

import org.plutro.server.http.Auth;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.service.ThreadService;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.StatusEditStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.ScheduledStatusEntity;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.Viewer;
import org.plutro.server.text.Html;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.PollService;
import org.plutro.server.service.ScheduledStatuses;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.Drafts;
import org.plutro.server.store.StatusEditStore.Version;

/** Posting, reading, editing and deleting statuses; their threads, edit history and source. */
public final class StatusesRoutes {
  private final Auth auth;
  private final UserStore users;
  private final StatusService statusService;
  private final ScheduledStatuses scheduledStatuses;
  private final StatusStore statuses;
  private final StatusVisibility statusVisibility;
  private final ThreadService threadService;
  private final AccountStore accounts;
  private final StatusEditStore statusEdits;
  private final MediaStore media;
  private final Presenter presenter;
  private final Uris uris;

  public StatusesRoutes(Auth auth, UserStore users, StatusService statusService, ScheduledStatuses scheduledStatuses,
      StatusStore statuses, StatusVisibility statusVisibility, ThreadService threadService, AccountStore accounts,
      StatusEditStore statusEdits, MediaStore media, Presenter presenter, Uris uris) {
    this.auth = auth;
    this.users = users;
    this.statusService = statusService;
    this.scheduledStatuses = scheduledStatuses;
    this.statuses = statuses;
    this.statusVisibility = statusVisibility;
    this.threadService = threadService;
    this.accounts = accounts;
    this.statusEdits = statusEdits;
    this.media = media;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.post("/api/v1/statuses").handler(this::post);
    router.get("/api/v1/statuses/:id").handler(this::show);
    router.put("/api/v1/statuses/:id").handler(this::edit);
    router.delete("/api/v1/statuses/:id").handler(this::delete);
    router.get("/api/v1/statuses/:id/context").handler(this::context);
    router.get("/api/v1/statuses/:id/history").handler(this::history);
    router.get("/api/v1/statuses/:id/source").handler(this::source);
    router.get("/api/v1/statuses/:id/card").handler(this::card);
  }

  private void post(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.member(ctx, "write:statuses").compose(caller -> users
        .byAccountId(caller.member().id()).compose(found -> {
          StatusService.Draft draft;
          try {
            draft = Drafts.of(found.orElseThrow(), new Drafts.Sent(params.string("status"),
                params.string("visibility"), params.string("spoiler_text"), params.bool("sensitive"),
                params.string("language"), params.string("in_reply_to_id"), params.list("media_ids"),
                ctx.request().getHeader("Idempotency-Key"), poll(ctx, params),
                params.string("quoted_status_id"), params.string("quote_approval_policy")));
          } catch (ServiceException e) {
            return Future.failedFuture(e);
          }
          String scheduledAt = params.string("scheduled_at");
          if (scheduledAt != null && !scheduledAt.isBlank()) {
            return scheduledStatuses.schedule(caller.member(), draft,
                    ScheduledStatuses.time(scheduledAt))
                .compose(scheduled -> new ScheduledStatusEntity(media, uris).of(scheduled));
          }
          return statusService.post(caller.member(), draft)
              .compose(status -> presenter.status(status, Optional.of(caller.member())));
        }))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    String language = params.string("language");
    auth.member(ctx, "write:statuses")
        .compose(caller -> statusService.edit(caller.member(), id,
            new StatusService.Edit(params.string("status"), params.string("spoiler_text"),
                params.bool("sensitive"),
                StatusService.validLanguage(language) ? language : null,
                params.list("media_ids"), descriptions(params)))
            .compose(status -> presenter.status(status, Optional.of(caller.member()))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** A post or a share the viewer may see, in one query when its entity was rendered before. */
  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.optional(ctx, "read:statuses")
        .compose(caller -> presenter.visibleStatus(id, caller.flatMap(c -> c.account())))
        .compose(entity -> entity.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /**
   * The status's link preview (Mastodon's endpoint before 3.0, which apps still call): the
   * {@code card} of its entity (of the shared post, for a share), or {@code {}} when it has none.
   */
  private void card(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.optional(ctx, "read:statuses")
        .compose(caller -> presenter.visibleStatus(id, caller.flatMap(c -> c.account())))
        .compose(entity -> entity.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .map(json -> {
          JsonObject status = new JsonObject(json);
          JsonObject shown = status.getJsonObject("reblog") != null ? status.getJsonObject("reblog") : status;
          return shown.getJsonObject("card") != null ? shown.getJsonObject("card") : new JsonObject();
        })
        .onSuccess(card -> Responses.json(ctx, card))
        .onFailure(ctx::fail);
  }

  /** Mastodon's redraft shape: the deleted status, with its source {@code text}. */
  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:statuses")
        .compose(caller -> statusService.delete(caller.member(), id))
        // Only here does Mastodon's Status carry its source text (what apps redraft from).
        .compose(status -> presenter.status(status).map(entity -> entity.put("text",
            status.sourceText() != null ? status.sourceText() : Html.text(status.content()))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void context(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.optional(ctx, "read:statuses").compose(caller -> {
      Optional<Account> viewer = caller.flatMap(c -> c.account());
      return threadService.context(viewer, id).compose(context -> contextEntity(context, viewer));
    })
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** Mastodon's {@code Context}: the ancestors rendered, then the descendants, from one page of entities. */
  private Future<JsonObject> contextEntity(ThreadService.Context context, Optional<Account> viewer) {
    List<Status> thread = new ArrayList<>(context.ancestors());
    thread.addAll(context.descendants());
    Set<String> above = new HashSet<>();
    context.ancestors().forEach(status -> above.add(Long.toString(status.id())));
    return presenter.statuses(thread, viewer).map(entities -> {
      JsonArray ancestors = new JsonArray();
      JsonArray descendants = new JsonArray();
      entities.forEach(entity -> (above.contains(((JsonObject) entity).getString("id"))
          ? ancestors : descendants).add(entity));
      return new JsonObject().put("ancestors", ancestors).put("descendants", descendants);
    });
  }

  /** Every version of the post, oldest first; one entry for a post never edited. */
  private void history(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.optional(ctx, "read:statuses")
        .compose(caller -> visible(caller.flatMap(c -> c.account()), id))
        .compose(status -> authorEntity(status).compose(account -> versions(status, account)))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** The post's author as an Account entity. */
  private Future<JsonObject> authorEntity(Status status) {
    return accounts.byId(status.accountId()).compose(author -> presenter.account(author.orElseThrow()));
  }

  /** The post's StatusEdit entities, oldest first; the post as it is when it has none. */
  private Future<JsonArray> versions(Status status, JsonObject account) {
    return statusEdits.versions(status.id()).map(versions -> {
      JsonArray history = new JsonArray();
      if (versions.isEmpty()) {
        history.add(edit(new Version(status.content(), status.sourceText(),
            status.spoilerText(), status.sensitive(), status.language(),
            status.createdAt()), account));
      }
      versions.forEach(version -> history.add(edit(version, account)));
      return history;
    });
  }

  private void source(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:statuses")
        .compose(caller -> visible(caller.account(), id))
        .onSuccess(status -> Responses.json(ctx, new JsonObject()
            .put("id", Long.toString(status.id()))
            .put("text", status.sourceText() != null ? status.sourceText() : Html.text(status.content()))
            .put("spoiler_text", status.spoilerText())))
        .onFailure(ctx::fail);
  }

  /** Mastodon's {@code StatusEdit} entity. */
  private static JsonObject edit(Version version, JsonObject account) {
    return new JsonObject()
        .put("content", version.content())
        .put("spoiler_text", version.spoilerText())
        .put("sensitive", version.sensitive())
        .put("created_at", Timestamps.iso(version.createdAt()))
        .put("account", account)
        .put("poll", null)
        .put("media_attachments", new JsonArray())
        .put("emojis", new JsonArray());
  }

  /** Mastodon's {@code media_attributes[][id]} and {@code [description]}: new alt texts by file id. */
  private static java.util.Map<Long, String> descriptions(Params params) {
    java.util.Map<Long, String> descriptions = new java.util.HashMap<>();
    for (java.util.Map<String, String> item : params.nested("media_attributes")) {
      String description = item.get("description");
      if (description == null) {
        continue;
      }
      try {
        descriptions.put(Long.parseLong(String.valueOf(item.get("id")).strip()), description);
      } catch (NumberFormatException e) {
        // An attachment that does not exist has no alt text to change.
      }
    }
    return descriptions;
  }

  /** A post (not a share) the viewer may see, or 404 — never a hint that it exists. */
  private Future<Status> visible(Optional<Account> viewer, long id) {
    return statuses.byId(id).compose(found -> {
      if (found.isEmpty() || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return Viewer.maySee(statusVisibility, viewer, found.get()).compose(allowed -> allowed
          ? Future.succeededFuture(found.get())
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }

  /** {@code poll[options][]}, {@code poll[expires_in]}, ... as a form, or a {@code poll} object in JSON. */
  private static PollService.PollDraft poll(RoutingContext ctx, Params params) {
    JsonObject json = null;
    try {
      JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
      json = body == null ? null : body.getJsonObject("poll");
    } catch (RuntimeException e) {
      json = null;
    }
    if (json != null) {
      List<String> options = new java.util.ArrayList<>();
      if (json.getValue("options") instanceof JsonArray array) {
        array.forEach(option -> options.add(String.valueOf(option)));
      }
      Object expires = json.getValue("expires_in");
      return new PollService.PollDraft(options, integer(expires == null ? null : String.valueOf(expires)),
          truthy(json.getValue("multiple")), truthy(json.getValue("hide_totals")));
    }
    List<String> options = params.list("poll[options]");
    String expires = params.string("poll[expires_in]");
    if (options.isEmpty() && expires == null) {
      return null;
    }
    return new PollService.PollDraft(options, integer(expires),
        Boolean.TRUE.equals(params.bool("poll[multiple]")), Boolean.TRUE.equals(params.bool("poll[hide_totals]")));
  }

  private static Integer integer(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean truthy(Object value) {
    return value instanceof Boolean b ? b : value != null && List.of("true", "1", "on").contains(String.valueOf(value));
  }

}
