package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.api.TagEntity;
import org.plutro.server.store.Page;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.store.TimelineStore;
import org.plutro.server.store.TimelineStore.Origin;

/**
 * A signed-in member's timelines as pages, read as the API reads them ({@code TimelinesRoutes},
 * {@code InteractionRoutes}): home (with a short form to post), local, federated, a hashtag's,
 * bookmarks and favourites; 20 posts a page, "Older posts" going on from the last one
 * ({@code max_id}). {@code ?since_id=ID&partial=1} answers only the posts newer than ID, for the
 * script that shows new posts in place.
 */
public final class TimelinePages {
  static final int PAGE_SIZE = 20;

  /** What a page shows above its posts. */
  public record Heading(String title, String intro, String tab) {}

  private final Visits visits;
  private final Pages pages;
  private final TimelineStore timelines;
  private final TagStore tags;
  private final MemberPosts memberPosts;

  public TimelinePages(Visits visits, Pages pages, TimelineStore timelines, TagStore tags,
      MemberPosts memberPosts) {
    this.visits = visits;
    this.pages = pages;
    this.timelines = timelines;
    this.tags = tags;
    this.memberPosts = memberPosts;
  }

  public void mount(Router router) {
    router.get(WebPaths.HOME_TIMELINE).handler(this::home);
    router.get("/public/local").handler(ctx -> publicTimeline(ctx, Origin.LOCAL));
    router.get("/public").handler(ctx -> publicTimeline(ctx, Origin.ANY));
    router.get("/bookmarks").handler(ctx -> own(ctx, false));
    router.get("/favourites").handler(ctx -> own(ctx, true));
  }

  private void home(RoutingContext ctx) {
    Page page = page(ctx);
    visits.member(ctx).compose(visit -> timelines.homePage(visit.member().id(), page)
            .compose(stamps -> memberPosts.of(stamps, visit.member().id(), "home")
                .onSuccess(posts -> send(ctx, visit, new Heading("Home", null, "home"), posts,
                    older(ctx, stamps.pageIds()), true))))
        .onFailure(ctx::fail);
  }

  private void publicTimeline(RoutingContext ctx, Origin origin) {
    Page page = page(ctx);
    Heading heading = origin == Origin.LOCAL
        ? new Heading("Local", "Public posts by this server's members.", "local")
        : new Heading("Federated", "Public posts from this server and the others it knows.", "federated");
    visits.member(ctx).compose(visit -> timelines.publicTimeline(visit.member().id(), origin, false, page)
            .compose(ids -> memberPosts.byIds(ids, visit.member().id(), "public")
                .onSuccess(posts -> send(ctx, visit, heading, posts, older(ctx, ids), false))))
        .onFailure(ctx::fail);
  }

  /** Bookmarks and favourites page by when they were made, not by the posts' ids. */
  private void own(RoutingContext ctx, boolean favourites) {
    Page page = page(ctx);
    Heading heading = favourites ? new Heading("Favourites", "Posts you liked.", null)
        : new Heading("Bookmarks", "Posts you saved. Only you see these.", null);
    visits.member(ctx).compose(visit -> {
      long member = visit.member().id();
      return (favourites ? timelines.favourites(member, page) : timelines.bookmarks(member, page))
          .compose(items -> {
            List<Long> ids = new ArrayList<>();
            items.forEach(item -> ids.add(item.statusId()));
            String older = items.size() < page.limit() ? null
                : ctx.request().path() + "?max_id=" + items.get(items.size() - 1).cursor();
            return memberPosts.byIds(ids, member, "home")
                .onSuccess(posts -> send(ctx, visit, heading, posts, older, false));
          });
    }).onFailure(ctx::fail);
  }

  /** A hashtag's page for a signed-in member (visitors get {@link TagPages}' own). */
  void tag(RoutingContext ctx, Visit visit, String name) {
    Page page = page(ctx);
    long member = visit.member().id();
    Future<List<Long>> found = !TagEntity.validName(name) ? Future.succeededFuture(List.of())
        : tags.byNames(List.of(name)).compose(known -> known.isEmpty() ? Future.succeededFuture(List.of())
            : timelines.tag(known.stream().map(Tag::id).distinct().toList(), List.of(), List.of(),
                Origin.ANY, false, member, page));
    found.compose(ids -> memberPosts.byIds(ids, member, "public").onSuccess(posts -> send(ctx, visit,
            new Heading("#" + name, "Public posts with this hashtag, from this server and others it knows.", null),
            posts, older(ctx, ids), false)))
        .onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, Visit visit, Heading heading, List<MemberPost> posts,
      String older, boolean compose) {
    String returnTo = returnTo(ctx);
    if ("1".equals(ctx.request().getParam("partial"))) {
      pages.sendPart(ctx, "member/posts.jte", visit.frame(heading.title()),
          Map.of("posts", posts, "returnTo", WebPaths.HOME_TIMELINE));
      return;
    }
    Map<String, Object> params = new HashMap<>();
    params.put("heading", heading);
    params.put("posts", posts);
    params.put("older", older == null ? "" : older);
    params.put("firstPage", ctx.request().getParam("max_id") == null);
    params.put("compose", compose);
    params.put("returnTo", returnTo);
    params.put("defaultVisibility", visit.user().defaultPrivacy());
    pages.send(ctx, "member/timeline.jte", visit.frame(heading.title()), params);
  }

  /** The page itself, to come back to after a button under a post. */
  private static String returnTo(RoutingContext ctx) {
    String query = ctx.request().query();
    return ctx.request().path() + (query == null || query.isEmpty() || query.contains("partial=")
        ? "" : "?" + query);
  }

  /** The next page's address, when this one is full. */
  private static String older(RoutingContext ctx, List<Long> ids) {
    return ids.size() < PAGE_SIZE ? null : ctx.request().path() + "?max_id=" + ids.get(ids.size() - 1);
  }

  private static Page page(RoutingContext ctx) {
    return new Page(Page.id(ctx.request().getParam("max_id")), Page.id(ctx.request().getParam("since_id")),
        null, PAGE_SIZE);
  }
}
