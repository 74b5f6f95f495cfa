package org.plutro.server.http.api.v1;

import static org.plutro.server.http.Params.parseId;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.MoveStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.RelationshipStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.service.FollowService;
import org.plutro.server.service.ProfileAudience;
import org.plutro.server.federation.remote.Backfill;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.uri.Uris;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.AccountEntity;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.RelationshipEntity;
import org.plutro.server.http.api.Viewer;
import org.plutro.server.http.oauth.OAuthRoutes;
import org.plutro.server.service.RegisterMember;
import org.plutro.server.service.Secrets;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.FollowStore.AccountsPage;
import org.plutro.server.store.Page;
import org.plutro.server.store.TimelineStore;

/** Registration, the member's own account, account lookups, follows and follow lists. */
public final class AccountsRoutes {
  private final Auth auth;
  private final RegisterMember registerMember;
  private final OAuthStore oauth;
  private final AccountStore accounts;
  private final UserStore users;
  private final CountStore counts;
  private final RemoteActors remoteActors;
  private final Backfill backfill;
  private final ProfileAudience profileAudience;
  private final MoveStore moves;
  private final FollowStore follows;
  private final FollowService followService;
  private final RelationshipStore relationships;
  private final TimelineStore timelines;
  private final StatusPresenter statusPresenter;
  private final Presenter presenter;
  private final Uris uris;

  public AccountsRoutes(Auth auth, RegisterMember registerMember, OAuthStore oauth,
      AccountStore accounts, UserStore users, CountStore counts, RemoteActors remoteActors,
      ProfileAudience profileAudience, MoveStore moves, FollowStore follows, FollowService followService,
      RelationshipStore relationships, TimelineStore timelines, StatusPresenter statusPresenter,
      Presenter presenter, Backfill backfill, Uris uris) {
    this.auth = auth;
    this.registerMember = registerMember;
    this.oauth = oauth;
    this.accounts = accounts;
    this.users = users;
    this.counts = counts;
    this.remoteActors = remoteActors;
    this.backfill = backfill;
    this.profileAudience = profileAudience;
    this.moves = moves;
    this.follows = follows;
    this.followService = followService;
    this.relationships = relationships;
    this.timelines = timelines;
    this.statusPresenter = statusPresenter;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.post("/api/v1/accounts").handler(this::register);
    router.get("/api/v1/accounts/verify_credentials").handler(this::verifyCredentials);
    router.get("/api/v1/accounts/lookup").handler(this::lookup);
    router.get("/api/v1/accounts/relationships").handler(this::relationships);
    router.get("/api/v1/accounts/:id").handler(this::show);
    router.get("/api/v1/accounts/:id/statuses").handler(this::statuses);
    router.get("/api/v1/accounts/:id/followers").handler(ctx -> followList(ctx, true));
    router.get("/api/v1/accounts/:id/following").handler(ctx -> followList(ctx, false));
    router.post("/api/v1/accounts/:id/follow").handler(this::follow);
    router.post("/api/v1/accounts/:id/unfollow").handler(this::unfollow);
    router.get("/api/v1/follow_requests").handler(this::followRequests);
    router.post("/api/v1/follow_requests/:id/authorize").handler(ctx -> answerRequest(ctx, true));
    router.post("/api/v1/follow_requests/:id/reject").handler(ctx -> answerRequest(ctx, false));
  }

  /**
   * Mastodon's registration: an app token with write:accounts creates a member and returns its
   * token, under the instance's registration rules ({@code invite_code}, and {@code reason} where
   * sign-ups wait for approval). The token works for the member's own account only until they
   * confirm their address (and, where needed, a moderator lets them in), as Mastodon's.
   */
  private void register(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.token(ctx, "write:accounts").compose(caller -> {
      if (caller.account().isPresent()) {
        return Future.failedFuture(new ServiceException(403, "You are already signed in"));
      }
      var request = new RegisterMember.Request(params.string("username"), params.string("email"),
          params.string("password"), null, params.bool("agreement"), params.string("locale"),
          params.string("invite_code"), params.string("reason"), null);
      String token = Secrets.token();
      return registerMember.signUp(request, caller.token().appId())
          .compose(accountId -> oauth.insertToken(Secrets.sha256(token),
              caller.token().appId(), accountId, caller.token().scopes()))
          .map(stored -> OAuthRoutes.tokenEntity(token, stored));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  /**
   * The member's own account. As Mastodon's, a member who has not confirmed their address (or is
   * waiting for approval) gets a 403 unless the app asks with {@code allow_nonfunctional=true}.
   */
  private void verifyCredentials(RoutingContext ctx) {
    boolean lax = "true".equalsIgnoreCase(ctx.request().getParam("allow_nonfunctional"));
    (lax ? auth.potentialMember(ctx, "read:accounts", "profile")
        : auth.member(ctx, "read:accounts", "profile")).compose(caller -> {
      Account account = caller.member();
      return users.byAccountId(account.id()).compose(user -> counts.account(account.id())
          .map(counts -> AccountEntity.credential(account, user.orElseThrow(), counts, uris))
          .compose(entity -> presenter.withEmojis(account, entity)));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.optional(ctx, "read:accounts")
        .compose(caller -> account(id).compose(account -> {
          remoteActors.lookedUp(account);
          return withFields(caller.flatMap(c -> c.account()), account);
        }))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** {@code acct} is {@code user} or {@code user@host[:port]}: a local member or an account we know. */
  private void lookup(RoutingContext ctx) {
    String acct = Params.of(ctx).required("acct").trim();
    if (acct.startsWith("@")) {
      acct = acct.substring(1);
    }
    int at = acct.indexOf('@');
    String username = at < 0 ? acct : acct.substring(0, at);
    String host = at < 0 ? null : acct.substring(at + 1).toLowerCase();
    Future<Optional<Account>> found = host == null || host.equals(uris.authority())
        ? accounts.localByUsername(username)
        : accounts.remoteByHandle(username, host);
    auth.optional(ctx, "read:accounts")
        .compose(caller -> found.compose(account -> lookedUp(caller.flatMap(c -> c.account()), account)))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** The account found, unless deleted: noted as looked up, with the fields this viewer may see. */
  private Future<JsonObject> lookedUp(Optional<Account> viewer, Optional<Account> found) {
    if (found.isEmpty() || found.get().deletedAt() != null) {
      return Future.failedFuture(ServiceException.notFound("Record not found"));
    }
    remoteActors.lookedUp(found.get());
    return withFields(viewer, found.get());
  }

  /** The account with the profile fields this viewer may see (members and followers see more). */
  private Future<JsonObject> withFields(Optional<Account> viewer, Account account) {
    return profileAudience.of(viewer, account).compose(relation -> presenter.account(account)
        .map(entity -> entity.put("fields", AccountEntity.fields(account, relation))))
        .compose(entity -> withMove(account, entity));
  }

  /** An account that moved names its new account, as Mastodon's Account.moved. */
  private Future<JsonObject> withMove(Account account, JsonObject entity) {
    return moves.identity(account.id()).compose(identity -> identity.movedTo() == null
        ? Future.succeededFuture(entity)
        : accounts.byUri(identity.movedTo()).compose(target -> target.isEmpty()
            ? Future.succeededFuture(entity)
            : presenter.account(target.get()).map(moved -> entity.put("moved", moved))));
  }

  /** An account's posts the viewer may see, with Mastodon's filters and Link header. */
  private void statuses(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    Page page = Pagination.mastodonPage(ctx, 20);
    String tagged = ctx.request().getParam("tagged");
    var filters = new TimelineStore.AccountFilters(TimelinesRoutes.truthy(ctx, "pinned"),
        TimelinesRoutes.truthy(ctx, "exclude_replies"), TimelinesRoutes.truthy(ctx, "exclude_reblogs"),
        tagged == null || tagged.isBlank() ? null : tagged.strip().replaceFirst("^#", ""),
        TimelinesRoutes.truthy(ctx, "only_media"));
    auth.optional(ctx, "read:statuses").compose(caller -> account(id).compose(author -> {
          // A member opening another server's account for the first time sees its recent posts.
          if (caller.flatMap(Caller::account).isPresent() && page.maxId() == null) {
            backfill.accountLookedAt(author);
          }
          return Viewer.visibleOf(follows, caller.flatMap(Caller::account), author.id())
                .compose(visible -> timelines.account(author.id(), visible,
                    caller.flatMap(Caller::account).map(Account::id).orElse(null), filters, page))
                .compose(ids -> {
                  Pagination.links(ctx, uris.base(), ids, ids.size() == page.limit(),
                      "min_id", "exclude_reblogs", "exclude_replies", "limit", "only_media",
                      "pinned", "tagged");
                  return statusPresenter.byIds(ids,
                      caller.flatMap(Caller::account).map(Account::id).orElse(null));
                });
        }))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private void followList(RoutingContext ctx, boolean followers) {
    long id = parseId(ctx.pathParam("id"));
    Page page = Pagination.page(ctx, 80);
    auth.optional(ctx, "read:accounts").compose(caller -> account(id).compose(account -> {
      boolean own = caller.flatMap(Caller::account).map(a -> a.id() == account.id()).orElse(false);
      if (account.hideCollections() && !own) {
        return Future.succeededFuture(new AccountsPage(List.of(), List.of()));
      }
      return followers ? follows.followers(account.id(), true, page)
          : follows.following(account.id(), page);
    })).compose(result -> {
      Pagination.link(ctx, uris.base(), result.cursors());
      return presenter.accounts(result.accounts());
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void relationships(RoutingContext ctx) {
    List<String> ids = Params.of(ctx).list("id");
    auth.member(ctx, "read:follows").compose(caller -> {
      List<Future<JsonObject>> entities = new ArrayList<>();
      for (String id : ids) {
        long other;
        try {
          other = Long.parseLong(id);
        } catch (NumberFormatException e) {
          continue;
        }
        entities.add(RelationshipEntity.of(relationships, caller.member().id(), other));
      }
      return Future.all(entities).map(all -> {
        JsonArray array = new JsonArray();
        entities.forEach(f -> array.add(f.result()));
        return array;
      });
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void follow(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:follows").compose(caller -> account(id)
            .compose(target -> followService.follow(caller.member(), target))
            .compose(follow -> RelationshipEntity.of(relationships, caller.member().id(), id)))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void unfollow(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:follows").compose(caller -> account(id)
            .compose(target -> followService.unfollow(caller.member(), target))
            .compose(done -> RelationshipEntity.of(relationships, caller.member().id(), id)))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void followRequests(RoutingContext ctx) {
    Page page = Pagination.page(ctx, 80);
    auth.member(ctx, "read:follows")
        .compose(caller -> follows.followers(caller.member().id(), false, page))
        .compose(result -> {
          Pagination.link(ctx, uris.base(), result.cursors());
          return presenter.accounts(result.accounts());
        })
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private void answerRequest(RoutingContext ctx, boolean authorize) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:follows").compose(caller -> account(id).compose(follower ->
            (authorize ? followService.authorize(caller.member(), follower)
                : followService.reject(caller.member(), follower))
                .compose(changed -> changed ? RelationshipEntity.of(relationships, caller.member().id(), id)
                    : Future.failedFuture(ServiceException.notFound("Record not found")))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private Future<Account> account(long id) {
    return accounts.publishedById(id).compose(found -> found
        // Local members and remote actors; not our instance actor, nor a sign-up not yet published.
        .filter(account -> account.deletedAt() == null
            && (account.domain() != null || !"Application".equals(account.actorType())))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  /** Mastodon ids are numbers in strings; anything else cannot name a record. */
}
