package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.http.SearchQueries;
import org.plutro.server.service.Search;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.uri.Uris;

/**
 * {@code /search?q=} for a signed-in member: what {@code /api/v2/search} finds ({@link Search},
 * with the API's parameters), resolving unless {@code resolve=false}: a handle
 * ({@code @user@host}) or a pasted post or profile address is fetched, signed, when we do not hold
 * it; other words find our member of that name, hashtags by prefix and posts by full text. The
 * posts are shown as the member sees them everywhere ({@link MemberPosts}).
 */
public final class SearchPage {
  public static final String PATH = "/search";
  static final int LIMIT = 20;
  static final int MAX_QUERY = 500;

  private final Visits visits;
  private final Pages pages;
  private final Search search;
  private final MemberPosts memberPosts;
  private final Uris uris;

  public SearchPage(Visits visits, Pages pages, Search search, MemberPosts memberPosts, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.search = search;
    this.memberPosts = memberPosts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
  }

  /** What the page lists; {@code more}: the next page of posts, when this one is full. */
  public record Results(String query, boolean resolving, List<AccountLink> accounts,
      List<String> hashtags, List<MemberPost> posts, String more, String returnTo) {
    public boolean asked() {
      return !query.isEmpty();
    }

    public boolean empty() {
      return accounts.isEmpty() && hashtags.isEmpty() && posts.isEmpty();
    }
  }

  private void show(RoutingContext ctx) {
    String asked = ctx.queryParams().get("q");
    String query = asked == null ? "" : asked.strip();
    if (query.length() > MAX_QUERY) {
      query = query.substring(0, MAX_QUERY);
    }
    String q = query;
    visits.member(ctx).compose(visit -> results(ctx, q, visit.member()).onSuccess(results -> {
      Map<String, Object> params = new HashMap<>();
      params.put("results", results);
      String title = q.isEmpty() ? "Search" : "Search: " + q;
      pages.send(ctx, 200, "member/search.jte", visit.frame(title).hiddenFromSearch(), params);
    })).onFailure(ctx::fail);
  }

  private Future<Results> results(RoutingContext ctx, String query, Account member) {
    String returnTo = PATH + (ctx.request().query() == null ? "" : "?" + ctx.request().query());
    if (query.isEmpty()) {
      return Future.succeededFuture(new Results("", false, List.of(), List.of(), List.of(), null, returnTo));
    }
    Search.Query asked = SearchQueries.of(ctx, query, LIMIT, true);
    return search.search(java.util.Optional.of(member), asked).compose(found ->
        memberPosts.byIds(found.statusIds(), member.id(), "public").map(posts -> new Results(query,
            Search.resolvable(query), found.accounts().stream().map(a -> AccountLink.of(a, uris)).toList(),
            found.hashtags().stream().map(Tag::name).toList(), posts,
            found.statusIds().size() < asked.page().limit() ? null : more(query, asked), returnTo)));
  }

  /** The next page of posts: the same query, only posts, from the next offset. */
  private static String more(String query, Search.Query asked) {
    return PATH + "?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&type=statuses&offset="
        + (asked.offset() + asked.page().limit());
  }
}
