package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ProfileAudience;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.PublicPostStore;
import org.plutro.server.store.RelationshipStore;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.uri.Uris;

/**
 * A member's profile for people: {@code /@name} (served from {@code ActorRoutes}, which answers
 * servers there too), {@code /@name/with_replies}, and the Atom feed {@code /@name.atom}.
 * OpenGraph and Twitter card tags make the "mini profile" that other services show; search engines
 * are told {@code noindex} when the member is not indexable or not discoverable. A signed-in
 * member sees the {@link AccountButtons} (follow, block, mute) instead of the visitor's links, and
 * may open another server's account we know at Mastodon's {@code /@user@host}: its header, the
 * buttons and the public posts of it we hold (a visitor gets 404 there: we do not publish copies).
 */
public final class ProfilePages {
  private final Visits visits;
  private final Pages pages;
  private final PublicPostStore posts;
  private final VisitorPosts visitorPosts;
  private final CountStore counts;
  private final ProfileAudience profileAudience;
  private final AccountStore accounts;
  private final Uris uris;
  private final RenderedProfiles rendered;
  private final RelationshipStore relationships;

  public ProfilePages(Visits visits, Pages pages, PublicPostStore posts, VisitorPosts visitorPosts,
      CountStore counts, ProfileAudience profileAudience, AccountStore accounts,
      Uris uris, RenderedProfiles rendered, RelationshipStore relationships) {
    this.visits = visits;
    this.pages = pages;
    this.posts = posts;
    this.visitorPosts = visitorPosts;
    this.counts = counts;
    this.profileAudience = profileAudience;
    this.accounts = accounts;
    this.uris = uris;
    this.rendered = rendered;
    this.relationships = relationships;
  }

  public void mount(Router router) {
    router.getWithRegex("/@(?<username>[A-Za-z0-9_]+)\\.atom").handler(this::feed);
    router.getWithRegex("/@(?<username>[A-Za-z0-9_]+)/with_replies").handler(ctx -> show(ctx, true));
    router.getWithRegex("/@(?<username>[A-Za-z0-9_.-]+)@(?<host>[A-Za-z0-9.:\\[\\]-]+)")
        .handler(this::showRemote);
  }

  /** Our page of another server's account (Mastodon's path). */
  public static String remotePath(Account account) {
    return "/@" + account.username() + "@" + account.domain();
  }

  /**
   * Another server's account as a signed-in member sees it; only one we already know (search
   * resolves a handle first).
   */
  private void showRemote(RoutingContext ctx) {
    Long maxId = maxId(ctx);
    String username = ctx.pathParam("username");
    String host = ctx.pathParam("host").toLowerCase(java.util.Locale.ROOT);
    // A visitor gets 404: we do not publish copies of other servers' profiles.
    visits.of(ctx).compose(visit -> !visit.signedIn()
            ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : accounts.remoteByHandle(username, host).compose(found -> found
                .filter(account -> account.deletedAt() == null && !account.suspended())
                .map(account -> page(ctx, account, visit, false, maxId))
                .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found")))))
        .onSuccess(page -> pages.send(ctx, 200, page.html(), true))
        .onFailure(ctx::fail);
  }

  /**
   * The profile page of the member named in the path ({@code username}). The first page as a
   * visitor without a session sees it is the same for all: it is sent as kept while the versions
   * of its rows, read first, are those it was made from.
   */
  public void show(RoutingContext ctx, boolean withReplies) {
    Long maxId = maxId(ctx);
    String username = ctx.pathParam("username");
    boolean shared = maxId == null && ctx.request().getCookie(WebSessions.COOKIE) == null;
    Future<long[]> versions = shared
        ? posts.profileVersions(username)
        : Future.succeededFuture(null);
    versions.compose(read -> {
      Buffer kept = read == null ? null : rendered.page(username, withReplies, read);
      if (kept != null) {
        pages.send(ctx, 200, kept, false);
        return Future.succeededFuture();
      }
      return member(username).compose(account -> visits.of(ctx).compose(visit ->
          page(ctx, account, visit, withReplies, maxId).onSuccess(page -> {
            if (read != null && !page.personal()) {
              rendered.keep(username, withReplies, read, page.html());
            }
            pages.send(ctx, 200, page.html(), page.personal());
          })));
    }).onFailure(ctx::fail);
  }

  private record Page(Buffer html, boolean personal) {}

  private Future<Page> page(RoutingContext ctx, Account account, Visit visit, boolean withReplies,
      Long maxId) {
    Optional<Account> viewer = Optional.ofNullable(visit.member());
    return Future.all(counts.account(account.id()), profileAudience.of(viewer, account),
            posts.profile(account.id(), withReplies, maxId == null ? Long.MAX_VALUE : maxId,
                ProfileView.PAGE_SIZE).compose(list -> visitorPosts.by(account, list)),
            visitorPosts.emojiImages(Map.of(account.id(), EmojiCodes.inProfile(account))),
            buttons(account, viewer))
        .compose(all -> {
          Map<Long, Map<String, String>> emojis = all.resultAt(3);
          ProfileView profile = new ProfileView(account, all.resultAt(0), all.resultAt(1),
              all.resultAt(2), withReplies, uris, emojis.getOrDefault(account.id(), Map.of()));
          Frame frame = visit.frame(profile.name() + " (" + profile.handle() + ")");
          frame = ProfileView.indexable(account) && account.isLocal() ? frame : frame.hiddenFromSearch();
          Map<String, Object> params = new java.util.HashMap<>();
          params.put("profile", profile);
          params.put("own", viewer.map(v -> v.id() == account.id()).orElse(false));
          params.put("buttons", all.<Optional<AccountButtons>>resultAt(4).orElse(null));
          boolean personal = Pages.personal(frame);
          return pages.header(ctx, frame, false).map(full ->
              new Page(Buffer.buffer(pages.render("visitor/profile.jte", full, params)), personal));
        });
  }

  /** The signed-in viewer's buttons about someone else's account; none for a visitor or oneself. */
  private Future<Optional<AccountButtons>> buttons(Account account, Optional<Account> viewer) {
    if (viewer.isEmpty() || viewer.get().id() == account.id()) {
      return Future.succeededFuture(Optional.empty());
    }
    String here = account.isLocal() ? "/@" + account.username() : remotePath(account);
    return relationships.between(viewer.get().id(), account.id())
        .map(relation -> Optional.of(AccountButtons.of(account, relation, here)));
  }

  private void feed(RoutingContext ctx) {
    member(ctx.pathParam("username")).compose(account -> posts.feed(account.id(), AtomFeed.SIZE)
            .compose(list -> visitorPosts.by(account, list))
            .map(views -> {
              if (!ProfileView.indexable(account)) {
                ctx.response().putHeader("X-Robots-Tag", "noindex");
              }
              return AtomFeed.render(account, views, uris);
            }))
        .onSuccess(xml -> ctx.response().putHeader("Content-Type", AtomFeed.CONTENT_TYPE)
            .putHeader("X-Content-Type-Options", "nosniff").end(xml))
        .onFailure(ctx::fail);
  }

  /** A local member's open, unsuspended account by username (not the instance actor). */
  private Future<Account> member(String username) {
    return accounts.localByUsername(username).compose(found -> found
        .filter(account -> account.deletedAt() == null && !account.suspended()
            && "Person".equals(account.actorType()))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  /** The {@code max_id} of a page link; anything unreadable means the first page. */
  static Long maxId(RoutingContext ctx) {
    String value = ctx.queryParams().get("max_id");
    try {
      return value == null ? null : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
