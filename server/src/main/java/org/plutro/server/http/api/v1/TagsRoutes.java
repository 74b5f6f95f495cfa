package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.http.Auth;
import org.plutro.server.store.TagStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.TagEntity;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.Page;
import org.plutro.server.store.TagStore.Tag;

/** Hashtags: look one up, follow and unfollow it, list the ones followed. */
public final class TagsRoutes {
  /** Mastodon pages followed tags 100 at a time, at most 200. */
  static final int FOLLOWED_TAGS_LIMIT = 100;
  private final Auth auth;
  private final TagStore tags;
  private final Uris uris;

  public TagsRoutes(Auth auth, TagStore tags, Uris uris) {
    this.auth = auth;
    this.tags = tags;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/followed_tags").handler(this::followed);
    router.get("/api/v1/tags/:name").handler(this::show);
    router.post("/api/v1/tags/:name/follow").handler(ctx -> follow(ctx, true));
    router.post("/api/v1/tags/:name/unfollow").handler(ctx -> follow(ctx, false));
  }

  private void show(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!TagEntity.validName(name)) {
      ctx.fail(ServiceException.notFound("Record not found"));
      return;
    }
    auth.optional(ctx, "read").compose(caller -> tags.byName(name).compose(found -> found
            .map(tag -> entity(tag, caller.flatMap(Caller::account)))
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found")))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void follow(RoutingContext ctx, boolean follow) {
    String name = ctx.pathParam("name");
    auth.member(ctx, "write:follows").compose(caller -> {
      if (!TagEntity.validName(name)) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      long member = caller.member().id();
      Future<Tag> tag = follow ? tags.findOrCreate(name)
          : tags.byName(name).compose(found -> found.map(Future::succeededFuture)
              .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
      return tag.compose(found -> (follow ? tags.follow(member, found.id())
              : tags.unfollow(member, found.id()))
          .compose(done -> entity(found, caller.account())));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void followed(RoutingContext ctx) {
    Page page = Pagination.mastodonPage(ctx, FOLLOWED_TAGS_LIMIT);
    auth.member(ctx, "read:follows").compose(caller -> tags
            .followed(caller.member().id(), page).compose(items -> {
              List<Long> cursors = new ArrayList<>();
              List<Tag> followed = new ArrayList<>();
              for (Map.Entry<Long, Tag> item : items) {
                cursors.add(item.getKey());
                followed.add(item.getValue());
              }
              Pagination.links(ctx, uris.base(), cursors, items.size() == page.limit(),
                  "since_id", "limit");
              return TagEntity.of(tags, uris, followed, Optional.of(caller.member().id()));
            }))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> entity(Tag tag, Optional<Account> viewer) {
    return TagEntity.of(tags, uris, List.of(tag), viewer.map(Account::id))
        .map(array -> array.getJsonObject(0));
  }
}
