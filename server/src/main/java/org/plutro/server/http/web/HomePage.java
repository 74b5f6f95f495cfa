package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.plutro.server.service.InstanceRules;
import org.plutro.server.store.PublicPostStore;
import org.plutro.server.store.UserStore;

/**
 * The front page ({@code /}): what the instance is, its rules, how many members it has, how to
 * join or sign in, and (when the operator allows a timeline preview) its members' latest public
 * posts. A signed-in member sees the same page, their name in the header, with the way to their
 * profile and settings and how to post: with an app, at this server's address.
 */
public final class HomePage {
  static final int PREVIEW_SIZE = 5;

  private final Visits visits;
  private final Pages pages;
  private final InstanceRules rules;
  private final UserStore users;
  private final PublicPostStore posts;
  private final VisitorPosts visitorPosts;
  private final boolean timelinePreview;
  private final String authority;

  public HomePage(Visits visits, Pages pages, InstanceRules rules, UserStore users,
      PublicPostStore posts, VisitorPosts visitorPosts, boolean timelinePreview, String authority) {
    this.visits = visits;
    this.pages = pages;
    this.rules = rules;
    this.users = users;
    this.posts = posts;
    this.visitorPosts = visitorPosts;
    this.timelinePreview = timelinePreview;
    this.authority = authority;
  }

  public void mount(Router router) {
    router.get(WebPaths.HOME).handler(this::show);
  }

  private void show(RoutingContext ctx) {
    Future<List<PostView>> preview = timelinePreview
        ? posts.recentLocal(PREVIEW_SIZE).compose(visitorPosts::of)
        : Future.succeededFuture(List.of());
    Future.all(visits.of(ctx), rules.rules(), users.countActive(), preview)
        .onSuccess(all -> {
          Visit visit = all.resultAt(0);
          pages.send(ctx, "visitor/home.jte", visit.frame(visit.site().name()), Map.of(
              "rules", all.resultAt(1), "members", all.resultAt(2), "preview", all.resultAt(3),
              "previewOn", timelinePreview, "authority", authority));
        })
        .onFailure(ctx::fail);
  }
}
