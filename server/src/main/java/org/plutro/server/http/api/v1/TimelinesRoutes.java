package org.plutro.server.http.api.v1;

import org.plutro.server.http.Auth;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.store.FilterStore;
import org.plutro.server.store.ListStore;
import org.plutro.server.store.StatusViewStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TimelineStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.http.Params;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.api.StatusFilters;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.TagEntity;
import org.plutro.server.store.Page;
import org.plutro.server.store.StatusViewStore.Stamps;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.store.TimelineStore.Origin;

/** Home, public and hashtag timelines, paged by status id with Mastodon's Link headers. */
public final class TimelinesRoutes {
  static final int DEFAULT_LIMIT = 20;
  private final Auth auth;
  private final TimelineStore timelines;
  private final ListStore lists;
  private final TagStore tags;
  private final StatusViewStore statusViews;
  private final StatusPresenter statusPresenter;
  private final FilterStore filters;
  private final Uris uris;

  public TimelinesRoutes(Auth auth, TimelineStore timelines, ListStore lists, TagStore tags,
      StatusViewStore statusViews, StatusPresenter statusPresenter, FilterStore filters, Uris uris) {
    this.auth = auth;
    this.timelines = timelines;
    this.lists = lists;
    this.tags = tags;
    this.statusViews = statusViews;
    this.statusPresenter = statusPresenter;
    this.filters = filters;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/timelines/home").handler(this::home);
    router.get("/api/v1/timelines/public").handler(this::publicTimeline);
    router.get("/api/v1/timelines/tag/:hashtag").handler(this::tag);
    router.get("/api/v1/timelines/list/:id").handler(this::list);
  }

  private void home(RoutingContext ctx) {
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    auth.member(ctx, "read:statuses").compose(caller -> {
      long viewer = caller.member().id();
      return timelines.homePage(viewer, page)
          .compose(stamps -> respond(ctx, stamps, viewer, "home", "local", "limit"));
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  /** A list of the member's: its accounts' posts, the home context's filters applied. */
  private void list(RoutingContext ctx) {
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    long listId = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:lists").compose(caller -> {
      long viewer = caller.member().id();
      return lists.one(listId, viewer).compose(found -> found.isEmpty()
          ? Future.failedFuture(ServiceException.notFound("Record not found"))
          : timelines.list(listId, viewer, page)
              .compose(ids -> respond(ctx, ids, viewer, "home", "limit")));
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void publicTimeline(RoutingContext ctx) {
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    Origin origin = truthy(ctx, "local") ? Origin.LOCAL
        : truthy(ctx, "remote") ? Origin.REMOTE : Origin.ANY;
    auth.optional(ctx, "read:statuses").compose(caller -> {
      Long viewer = viewerId(caller);
      return timelines.publicTimeline(viewer, origin, truthy(ctx, "only_media"), page)
          .compose(ids -> respond(ctx, ids, viewer, "public", "limit", "local", "only_media", "remote"));
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  /** Public posts under the hashtag, or any of {@code any[]}; with all of {@code all[]}, none of {@code none[]}. */
  private void tag(RoutingContext ctx) {
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    String hashtag = ctx.pathParam("hashtag");
    Origin origin = truthy(ctx, "local") ? Origin.LOCAL
        : truthy(ctx, "remote") ? Origin.REMOTE : Origin.ANY;
    List<String> any = names(ctx, "any");
    any.add(0, hashtag);
    List<String> all = names(ctx, "all");
    List<String> none = names(ctx, "none");
    auth.optional(ctx, "read:statuses")
        .compose(caller -> !TagEntity.validName(hashtag) ? Future.succeededFuture(new JsonArray().toBuffer())
            : tagIds(any, all, none).compose(found -> tagged(ctx, found, all, origin, viewerId(caller), page)))
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  /** The ids of the tags named in {@code any}, {@code all} and {@code none}, in that order. */
  private Future<TagIds> tagIds(List<String> any, List<String> all, List<String> none) {
    return ids(any).compose(anyIds -> ids(all).compose(allIds -> ids(none)
        .map(noneIds -> new TagIds(anyIds, allIds, noneIds))));
  }

  /** The posts under those tags; none when a tag they need was never used. */
  private Future<Buffer> tagged(RoutingContext ctx, TagIds found, List<String> all, Origin origin,
      Long viewer, Page page) {
    // A tag nobody used has no posts; "all" of an unknown tag can match nothing.
    if (found.any().isEmpty() || found.all().size() < distinctValid(all)) {
      return Future.succeededFuture(new JsonArray().toBuffer());
    }
    return timelines.tag(found.any(), found.all(), found.none(), origin, truthy(ctx, "only_media"),
            viewer, page)
        .compose(ids -> respond(ctx, ids, viewer, "public", "limit", "local", "only_media", "remote"));
  }

  /**
   * The page, its Link header (from the ids, before any is filtered out), the viewer's filters
   * applied; as rendered when the viewer has none.
   */
  private Future<Buffer> respond(RoutingContext ctx, List<Long> ids, Long viewer, String context,
      String... permitted) {
    return statusViews.stamps(ids, viewer)
        .compose(stamps -> respond(ctx, stamps, viewer, context, permitted));
  }

  private Future<Buffer> respond(RoutingContext ctx, Stamps stamps, Long viewer, String context,
      String... permitted) {
    Pagination.links(ctx, uris.base(), stamps.pageIds(), true, "min_id", permitted);
    return statusPresenter.render(stamps, viewer).compose(page -> !page.viewerHasFilters()
        ? Future.succeededFuture(page.json())
        : StatusFilters.apply(filters, viewer, context, page.toJsonArray()).map(JsonArray::toBuffer));
  }

  private Future<List<Long>> ids(List<String> names) {
    List<String> valid = names.stream().filter(TagEntity::validName).toList();
    return tags.byNames(valid).map(tags -> {
      List<Long> ids = new ArrayList<>();
      tags.stream().map(Tag::id).distinct().forEach(ids::add);
      return ids;
    });
  }

  private static long distinctValid(List<String> names) {
    return names.stream().filter(TagEntity::validName)
        .map(n -> n.toLowerCase(java.util.Locale.ROOT)).distinct().count();
  }

  /** {@code name[]} or {@code name}, repeated or not; at most 4, as Mastodon reads them. */
  static List<String> names(RoutingContext ctx, String name) {
    List<String> values = new ArrayList<>(ctx.queryParam(name + "[]"));
    values.addAll(ctx.queryParam(name));
    List<String> names = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",")) {
        String trimmed = part.strip();
        if (trimmed.startsWith("#")) {
          trimmed = trimmed.substring(1);
        }
        if (!trimmed.isEmpty() && names.size() < 4) {
          names.add(trimmed);
        }
      }
    }
    return names;
  }

  /** Rails' truthiness of a query parameter, as Mastodon's {@code truthy_param?}. */
  static boolean truthy(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return false;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "", "0", "f", "false", "off" -> false;
      default -> true;
    };
  }

  private static Long viewerId(Optional<Caller> caller) {
    return caller.flatMap(Caller::account).map(Account::id).orElse(null);
  }

  /** Tag ids: any of which a post carries, all of which it carries, none of which it carries. */
  private record TagIds(List<Long> any, List<Long> all, List<Long> none) {}
}
