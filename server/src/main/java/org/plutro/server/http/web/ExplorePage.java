package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.media.CardImages;
import org.plutro.server.service.PersonalSuggestions;
import org.plutro.server.service.PersonalSuggestions.Topic;
import org.plutro.server.service.Trends;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Day;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.uri.Uris;

/**
 * Explore, at Mastodon's paths: {@code /explore} (posts), {@code /explore/tags},
 * {@code /explore/links} — what rises here now and a moderator approved ({@link Trends}), open to
 * visitors too — and, for a signed-in member, {@code /explore/suggestions} ("For you"): hashtags
 * and accounts drawn from their own activity, each with its reason, only when they turned
 * suggestions on ({@link PersonalSuggestions}); an account suggestion can be dismissed for good.
 */
public final class ExplorePage {
  public static final String POSTS = "/explore";
  public static final String TAGS = "/explore/tags";
  public static final String LINKS = "/explore/links";
  public static final String FOR_YOU = "/explore/suggestions";
  static final int LIMIT = 20;

  /** A tab of the page. */
  public record Tab(String href, String title) {}

  /** A trending hashtag: its name, and how many people used it today and yesterday (as Mastodon counts them). */
  public record TagRow(String name, String href, long people) {}

  /** A suggested account: its id (for the dismiss button), its card, and why. */
  public record AccountRow(long id, AccountCard card, String reason) {}

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final Trends trends;
  private final PersonalSuggestions suggestions;
  private final TagStore tags;
  private final AccountStore accounts;
  private final VisitorPosts visitorPosts;
  private final MemberPosts memberPosts;
  private final CardImages cardImages;
  private final Uris uris;

  public ExplorePage(Visits visits, Pages pages, Notices notices, Trends trends,
      PersonalSuggestions suggestions, TagStore tags, AccountStore accounts, VisitorPosts visitorPosts,
      MemberPosts memberPosts, CardImages cardImages, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.trends = trends;
    this.suggestions = suggestions;
    this.tags = tags;
    this.accounts = accounts;
    this.visitorPosts = visitorPosts;
    this.memberPosts = memberPosts;
    this.cardImages = cardImages;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(POSTS).handler(ctx -> show(ctx, POSTS));
    router.get(TAGS).handler(ctx -> show(ctx, TAGS));
    router.get(LINKS).handler(ctx -> show(ctx, LINKS));
    router.get(FOR_YOU).handler(this::forYou);
    router.post(FOR_YOU + "/:id/dismiss").handler(this::dismiss);
  }

  private void show(RoutingContext ctx, String current) {
    visits.of(ctx).compose(visit -> {
      Map<String, Object> params = params(visit, current);
      Future<?> loaded = switch (current) {
        case TAGS -> trends.tags(LIMIT, 0).compose(this::tagRows).onSuccess(rows -> params.put("tags", rows));
        case LINKS -> trends.links(LIMIT, 0).onSuccess(found -> params.put("links",
            found.stream().map(card -> LinkCardView.of(card.card(), cardImages)).toList()));
        default -> visit.signedIn() ? memberPosts(visit.member().id()).onSuccess(posts -> params.put("memberPosts", posts))
            : trends.statuses(null, LIMIT, 0).compose(visitorPosts::of).onSuccess(posts -> params.put("posts", posts));
      };
      return loaded.onSuccess(done -> pages.send(ctx, "explore.jte", visit.frame("Explore"), params));
    }).onFailure(ctx::fail);
  }

  /** Trending posts as a member sees them: their likes, shares, bookmarks and filters. */
  private Future<List<MemberPost>> memberPosts(long member) {
    return trends.statuses(member, LIMIT, 0).compose(found -> memberPosts.byIds(
        found.stream().map(Status::id).toList(), member, "public"));
  }

  private void forYou(RoutingContext ctx) {
    visits.member(ctx).compose(visit -> {
      long me = visit.member().id();
      Map<String, Object> params = params(visit, FOR_YOU);
      return suggestions.enabled(me).compose(on -> {
        params.put("suggestionsOn", on);
        return Future.all(suggestions.topics(me, LIMIT), suggestions.accounts(me, LIMIT)).onSuccess(both -> {
          List<Topic> topics = both.resultAt(0);
          List<PersonalSuggestions.Suggested> suggested = both.resultAt(1);
          params.put("topics", topics);
          params.put("accounts", suggested.stream().map(one -> new AccountRow(one.account().id(),
              AccountCard.of(one.account(), uris), one.reason())).toList());
          params.put("notice", notices.take(ctx));
          pages.send(ctx, "explore.jte", visit.frame("For you").hiddenFromSearch(), params);
        });
      });
    }).onFailure(ctx::fail);
  }

  private void dismiss(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(visit -> accounts.byId(id).compose(found -> found.isEmpty()
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : suggestions.dismiss(visit.member().id(), id).onSuccess(done -> notices.redirect(ctx, FOR_YOU,
            Notice.SUGGESTION_DISMISSED, "@" + found.get().acct()))))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> params(Visit visit, String current) {
    Map<String, Object> params = new HashMap<>();
    List<Tab> tabs = new ArrayList<>(List.of(new Tab(POSTS, "Posts"), new Tab(TAGS, "Hashtags"),
        new Tab(LINKS, "Links")));
    if (visit.signedIn()) {
      tabs.add(new Tab(FOR_YOU, "For you"));
    }
    params.put("tabs", tabs);
    params.put("current", current);
    params.put("posts", List.of());
    params.put("memberPosts", List.of());
    params.put("tags", List.of());
    params.put("links", List.of());
    params.put("topics", List.of());
    params.put("accounts", List.of());
    params.put("suggestionsOn", false);
    params.put("notice", null);
    return params;
  }

  private Future<List<TagRow>> tagRows(List<Tag> found) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return tags.history(found.stream().map(Tag::id).toList(), today.minusDays(1)).map(history -> found.stream()
        .map(tag -> {
          Map<LocalDate, Day> days = history.getOrDefault(tag.id(), Map.of());
          long people = days.values().stream().mapToLong(Day::accounts).sum();
          return new TagRow(tag.name(), "/tags/" + java.net.URLEncoder.encode(tag.name(),
              java.nio.charset.StandardCharsets.UTF_8), people);
        }).toList());
  }
}
