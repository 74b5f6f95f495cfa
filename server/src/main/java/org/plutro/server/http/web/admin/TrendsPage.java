package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.LinkCardView;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.PostView;
import org.plutro.server.http.web.VisitorPosts;
import org.plutro.server.http.web.Visits;
import org.plutro.server.media.CardImages;
import org.plutro.server.service.Trends;
import org.plutro.server.service.Trends.Rising;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Day;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.store.TrendStore.Card;
import org.plutro.server.store.TrendStore.Kind;

/**
 * {@code /admin/trends} (Mastodon's path): for admins, the hashtags, posts and links rising here now,
 * one tab each, strongest first, each with Approve and Reject. Nothing is shown on Explore or in the
 * API before it is approved; a rejected item stays hidden. Every decision goes to the audit log (the
 * same {@link Trends} review as the admin API). Anyone else finds nothing here (404).
 */
public final class TrendsPage {
  public static final String PATH = "/admin/trends";
  static final int LIMIT = 40;

  /** A tab: its name in the address, its title, and the kind of trend it lists. */
  public enum Tab {
    TAGS("tags", "Hashtags", Kind.TAG), STATUSES("statuses", "Posts", Kind.STATUS), LINKS("links", "Links", Kind.LINK);

    public final String type;
    public final String title;
    final Kind kind;

    Tab(String type, String title, Kind kind) {
      this.type = type;
      this.title = title;
      this.kind = kind;
    }

    public String href() {
      return PATH + "?type=" + type;
    }

    static Tab of(String type) {
      for (Tab tab : values()) {
        if (tab.type.equals(type)) {
          return tab;
        }
      }
      return TAGS;
    }
  }

  /**
   * A rising item: its id, the review ({@code pending}, {@code approved}, {@code rejected}), what
   * names it in the buttons, and one of: a hashtag's name with today's accounts, a post, a link.
   */
  public record Row(long id, String review, String label, String tag, long accountsToday, PostView post,
      LinkCardView link) {
    public boolean approved() {
      return "approved".equals(review);
    }

    public boolean rejected() {
      return "rejected".equals(review);
    }

    public String reviewText() {
      return approved() ? "Approved: shown on Explore" : rejected() ? "Rejected: hidden" : "Waiting for review";
    }
  }

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final Trends trends;
  private final TagStore tags;
  private final VisitorPosts visitorPosts;
  private final CardImages cardImages;

  public TrendsPage(Visits visits, Pages pages, Notices notices, Trends trends, TagStore tags,
      VisitorPosts visitorPosts, CardImages cardImages) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.trends = trends;
    this.tags = tags;
    this.visitorPosts = visitorPosts;
    this.cardImages = cardImages;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/:type/:id/approve").handler(ctx -> review(ctx, true));
    router.post(PATH + "/:type/:id/reject").handler(ctx -> review(ctx, false));
  }

  private void show(RoutingContext ctx) {
    Tab tab = Tab.of(ctx.request().getParam("type"));
    visits.member(ctx).compose(Admins::only).compose(visit -> rows(tab).map(rows -> {
      Map<String, Object> params = new HashMap<>();
      params.put("tab", tab);
      params.put("tabs", List.of(Tab.values()));
      params.put("rows", rows);
      params.put("notice", notices.take(ctx));
      pages.send(ctx, "admin/trends.jte", visit.frame("Trends").hiddenFromSearch(), params);
      return null;
    })).onFailure(ctx::fail);
  }

  private void review(RoutingContext ctx, boolean approve) {
    Tab tab = Tab.of(ctx.pathParam("type"));
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only)
        .compose(visit -> trends.review(tab.kind, id, approve, Admins.by(visit)))
        .onSuccess(done -> notices.redirect(ctx, tab.href() + "#trend-" + id,
            approve ? Notice.TREND_APPROVED : Notice.TREND_REJECTED))
        .onFailure(ctx::fail);
  }

  private Future<List<Row>> rows(Tab tab) {
    return switch (tab) {
      case TAGS -> trends.risingTags(LIMIT).compose(this::tagRows);
      case STATUSES -> trends.risingStatuses(LIMIT).compose(this::postRows);
      case LINKS -> trends.risingLinks(LIMIT).map(this::linkRows);
    };
  }

  private Future<List<Row>> tagRows(List<Rising<Tag>> rising) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return tags.history(rising.stream().map(r -> r.item().id()).toList(), today).map(history -> {
      List<Row> rows = new ArrayList<>();
      for (Rising<Tag> one : rising) {
        Day day = history.getOrDefault(one.item().id(), Map.of()).get(today);
        rows.add(new Row(one.item().id(), one.trend().review(), "#" + one.item().name(), one.item().name(),
            day == null ? 0 : day.accounts(), null, null));
      }
      return rows;
    });
  }

  private Future<List<Row>> postRows(List<Rising<Status>> rising) {
    return visitorPosts.of(rising.stream().map(Rising::item).toList()).map(views -> {
      Map<Long, PostView> byId = new HashMap<>();
      views.forEach(view -> byId.put(view.status().id(), view));
      List<Row> rows = new ArrayList<>();
      for (Rising<Status> one : rising) {
        PostView view = byId.get(one.item().id());
        if (view != null) {
          rows.add(new Row(one.item().id(), one.trend().review(), "the post by " + view.handle(), null, 0,
              view, null));
        }
      }
      return rows;
    });
  }

  private List<Row> linkRows(List<Rising<Card>> rising) {
    return rising.stream().map(one -> new Row(one.item().id(), one.trend().review(),
        one.item().card().title().isBlank() ? one.item().card().url() : one.item().card().title(), null, 0, null,
        LinkCardView.of(one.item().card(), cardImages))).toList();
  }
}
