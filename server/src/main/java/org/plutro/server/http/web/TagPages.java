package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.plutro.server.store.PublicPostStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.http.api.TagEntity;
import org.plutro.server.text.StatusText;

/**
 * A hashtag's page, {@code /tags/:name} (where our posts' hashtags link, and the {@code href} of
 * the {@code Hashtag}s we publish): its public posts, ours and those we hold from other servers,
 * newest first, 20 a page. Names are matched without regard to case. A tag nobody used yet has an
 * empty page, not an error.
 */
public final class TagPages {
  static final int PAGE_SIZE = 20;

  private final Visits visits;
  private final Pages pages;
  private final TagStore tags;
  private final PublicPostStore posts;
  private final VisitorPosts visitorPosts;
  private final TimelinePages memberPages;

  public TagPages(Visits visits, Pages pages, TagStore tags, PublicPostStore posts,
      VisitorPosts visitorPosts, TimelinePages memberPages) {
    this.memberPages = memberPages;
    this.visits = visits;
    this.pages = pages;
    this.tags = tags;
    this.posts = posts;
    this.visitorPosts = visitorPosts;
  }

  public void mount(Router router) {
    router.get("/tags/:name").handler(this::show);
  }

  private void show(RoutingContext ctx) {
    String name = StatusText.normalizeTag(ctx.pathParam("name").strip());
    visits.of(ctx).onSuccess(visit -> {
      if (visit.signedIn() && visit.user().functional()) {
        memberPages.tag(ctx, visit, name);
      } else {
        showToVisitor(ctx, visit, name);
      }
    }).onFailure(ctx::fail);
  }

  private void showToVisitor(RoutingContext ctx, Visit visit, String name) {
    Long maxId = ProfilePages.maxId(ctx);
    Future<List<PostView>> found = !TagEntity.validName(name)
        ? Future.succeededFuture(List.of())
        : tags.byNames(List.of(name)).compose(known -> known.isEmpty()
            ? Future.succeededFuture(List.of())
            : posts.tagged(known.stream().map(Tag::id).toList(),
                    maxId == null ? Long.MAX_VALUE : maxId, PAGE_SIZE)
                .compose(visitorPosts::of));
    found.onSuccess(shown -> {
      String older = shown.size() < PAGE_SIZE ? null
          : "/tags/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "?max_id=" + shown.get(shown.size() - 1).status().id();
      pages.send(ctx, "visitor/tag.jte", visit.frame("#" + name), Map.of(
          "name", name, "posts", shown, "older", older == null ? "" : older,
          "firstPage", maxId == null));
    }).onFailure(ctx::fail);
  }
}
