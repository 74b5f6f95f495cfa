package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.http.web.InteractionTargets.Target;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.SearchStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.text.StatusText;
import org.plutro.server.uri.Uris;

/**
 * {@code /search?q=} for a signed-in member, what {@code /api/v2/search?resolve=true} finds: a
 * handle ({@code @user@host}) or a pasted post or profile address is resolved as the API resolves
 * it (fetched, signed, when we do not hold it: {@link InteractionTargets}); other words find our
 * member of that name, hashtags by prefix and posts by full text (the search store's rules: public
 * posts of indexable accounts, and the member's own, liked and bookmarked ones).
 */
public final class SearchPage {
  public static final String PATH = "/search";
  static final int LIMIT = 20;
  static final int MAX_QUERY = 500;

  private final Visits visits;
  private final Pages pages;
  private final InteractionTargets targets;
  private final AccountStore accounts;
  private final SearchStore search;
  private final StatusStore statuses;
  private final TagStore tags;
  private final VisitorPosts visitorPosts;
  private final Uris uris;

  public SearchPage(Visits visits, Pages pages, InteractionTargets targets, AccountStore accounts,
      SearchStore search, StatusStore statuses, TagStore tags, VisitorPosts visitorPosts, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.targets = targets;
    this.accounts = accounts;
    this.search = search;
    this.statuses = statuses;
    this.tags = tags;
    this.visitorPosts = visitorPosts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
  }

  /** What the page lists; {@code found} is a resolved post shown whole (a pasted address). */
  public record Results(String query, boolean resolving, List<AccountLink> accounts,
      List<String> hashtags, List<PostExcerpt> posts, PostView found) {
    public boolean asked() {
      return !query.isEmpty();
    }

    public boolean empty() {
      return accounts.isEmpty() && hashtags.isEmpty() && posts.isEmpty() && found == null;
    }
  }

  private void show(RoutingContext ctx) {
    String asked = ctx.queryParams().get("q");
    String query = asked == null ? "" : asked.strip();
    if (query.length() > MAX_QUERY) {
      query = query.substring(0, MAX_QUERY);
    }
    String q = query;
    visits.member(ctx).compose(visit -> results(q, visit.member()).onSuccess(results -> {
      Map<String, Object> params = new HashMap<>();
      params.put("results", results);
      String title = q.isEmpty() ? "Search" : "Search: " + q;
      pages.send(ctx, 200, "member/search.jte", visit.frame(title).hiddenFromSearch(), params);
    })).onFailure(ctx::fail);
  }

  private Future<Results> results(String query, Account member) {
    if (query.isEmpty()) {
      return Future.succeededFuture(new Results("", false, List.of(), List.of(), List.of(), null));
    }
    if (resolvable(query)) {
      return targets.resolve(query, member).compose(found -> resolved(query, found));
    }
    Future<List<AccountLink>> named = accounts.localByUsername(query.replaceFirst("^@", ""))
        .map(found -> found.filter(a -> a.deletedAt() == null && !a.suspended()
                && "Person".equals(a.actorType()))
            .map(a -> List.of(AccountLink.of(a, uris))).orElse(List.of()))
        .otherwise(List.of());
    Future<List<String>> hashtags = hashtags(query);
    Future<List<PostExcerpt>> posts = search.statuses(query, member.id(), null,
            new Page(null, null, null, LIMIT), 0)
        .compose(this::load).compose(visitorPosts::of)
        .map(views -> views.stream().map(PostExcerpt::of).toList());
    return Future.all(named, hashtags, posts).map(all -> new Results(query, false, named.result(),
        hashtags.result(), posts.result(), null));
  }

  /** A handle or an address names one account or post, or nothing. */
  private Future<Results> resolved(String query, Optional<Target> found) {
    if (found.isEmpty()) {
      return Future.succeededFuture(new Results(query, true, List.of(), List.of(), List.of(), null));
    }
    if (found.get().isAccount()) {
      return Future.succeededFuture(new Results(query, true,
          List.of(AccountLink.of(found.get().account(), uris)), List.of(), List.of(), null));
    }
    return visitorPosts.of(List.of(found.get().status())).map(views -> new Results(query, true,
        List.of(), List.of(), List.of(), views.isEmpty() ? null : views.get(0)));
  }

  private Future<List<String>> hashtags(String query) {
    String name = StatusText.normalizeTag(query.replaceFirst("^#", ""));
    if (name.isEmpty() || !name.matches("[\\p{L}\\p{N}_]+")) {
      return Future.succeededFuture(List.of());
    }
    return tags.search(name, 10, 0).map(found -> found.stream().map(Tag::name).toList());
  }

  private Future<List<Status>> load(List<Long> ids) {
    List<Future<Optional<Status>>> loads = ids.stream().map(statuses::byId).toList();
    return Future.all(loads).map(done -> loads.stream().map(Future::result)
        .flatMap(Optional::stream).toList());
  }

  /** {@code @user@host}, {@code user@host} or a web address: resolved, maybe fetched. */
  static boolean resolvable(String query) {
    return query.startsWith("https://") || query.startsWith("http://")
        || query.replaceFirst("^@", "").matches("[^@\\s]+@[^@\\s]+");
  }
}
