package org.plutro.server.http.api.v2;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.plutro.server.http.Auth;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.SearchStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.uri.Uris;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.TagEntity;
import org.plutro.server.http.api.Viewer;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.Page;

/**
 * {@code GET /api/v2/search}: accounts by handle ({@code @user@host[:port]}, resolved by
 * WebFinger when {@code resolve=true} and the caller is a member; a bare name finds local
 * members), a post or account by its URL ({@code resolve=true} fetches it, signed), hashtags by
 * prefix, and posts by full text (members only, as in Mastodon). {@code type} narrows to one kind;
 * {@code limit} (20, at most 40) and {@code offset} page each kind.
 */
public final class SearchRoutes {
  static final int DEFAULT_LIMIT = 20;
  private final Auth auth;
  private final SearchStore searchStore;
  private final AccountStore accounts;
  private final RemoteActors remoteActors;
  private final StatusStore statuses;
  private final RemoteStatuses remoteStatuses;
  private final StatusVisibility statusVisibility;
  private final TagStore tags;
  private final StatusPresenter statusPresenter;
  private final Presenter presenter;
  private final Uris uris;

  public SearchRoutes(Auth auth, SearchStore searchStore, AccountStore accounts, RemoteActors remoteActors,
      StatusStore statuses, RemoteStatuses remoteStatuses, StatusVisibility statusVisibility, TagStore tags,
      StatusPresenter statusPresenter, Presenter presenter, Uris uris) {
    this.auth = auth;
    this.searchStore = searchStore;
    this.accounts = accounts;
    this.remoteActors = remoteActors;
    this.statuses = statuses;
    this.remoteStatuses = remoteStatuses;
    this.statusVisibility = statusVisibility;
    this.tags = tags;
    this.statusPresenter = statusPresenter;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v2/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    boolean resolve = "true".equalsIgnoreCase(ctx.request().getParam("resolve"));
    String type = ctx.request().getParam("type");
    if (q == null || q.isBlank()) {
      ctx.fail(ServiceException.unprocessable("q is required"));
      return;
    }
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    int offset = offset(ctx.request().getParam("offset"));
    String query = q.trim();
    auth.optional(ctx, "read:search").compose(caller -> {
      Optional<Account> member = caller.flatMap(Caller::account);
      if (member.isEmpty() && (offset > 0 || resolve)) {
        return Future.failedFuture(new ServiceException(401,
            "Search queries pagination is not supported without authentication"));
      }
      if (isUrl(query)) {
        return byUrl(query, resolve && member.isPresent(), member, type);
      }
      Future<JsonArray> accounts = wants(type, "accounts") && offset == 0
          ? accounts(query, resolve && member.isPresent()).compose(presenter::accounts)
          : Future.succeededFuture(new JsonArray());
      Future<JsonArray> statuses = wants(type, "statuses") && member.isPresent()
          ? statuses(ctx, query, member.get(), page, offset)
          : Future.succeededFuture(new JsonArray());
      Future<JsonArray> hashtags = wants(type, "hashtags") ? hashtags(query, page, offset, member)
          : Future.succeededFuture(new JsonArray());
      return Future.all(accounts, statuses, hashtags).map(done -> new JsonObject()
          .put("accounts", accounts.result()).put("statuses", statuses.result())
          .put("hashtags", hashtags.result()));
    }).onSuccess(result -> Responses.json(ctx, result)).onFailure(ctx::fail);
  }

  private Future<JsonArray> statuses(RoutingContext ctx, String query, Account member, Page page,
      int offset) {
    Long accountId = null;
    String account = ctx.request().getParam("account_id");
    if (account != null && !account.isBlank()) {
      try {
        accountId = Long.parseLong(account.strip());
      } catch (NumberFormatException e) {
        return Future.succeededFuture(new JsonArray());
      }
    }
    return searchStore.statuses(query, member.id(), accountId, page, offset)
        .compose(ids -> statusPresenter.byIds(ids, member.id()));
  }

  private Future<JsonArray> hashtags(String query, Page page, int offset, Optional<Account> member) {
    String name = query.startsWith("#") ? query.substring(1) : query;
    if (!TagEntity.validName(name) || page.limit() == 0) {
      return Future.succeededFuture(new JsonArray());
    }
    return tags.search(name, page.limit(), offset).compose(found ->
        TagEntity.of(tags, uris, found, member.map(Account::id)));
  }

  /** A URL names one post or one account: ours, one we hold, or (with resolve) fetched. */
  private Future<JsonObject> byUrl(String url, boolean resolve, Optional<Account> viewer, String type) {
    Future<Optional<Status>> status = wants(type, "statuses")
        ? (resolve ? remoteStatuses.find(url) : statuses.byUri(url))
        : Future.succeededFuture(Optional.empty());
    return status.compose(found -> {
      if (found.isPresent() && found.get().reblogOfId() == null) {
        return Viewer.maySee(statusVisibility, viewer, found.get()).compose(visible -> visible
            ? presenter.statuses(List.of(found.get()), viewer) : Future.succeededFuture(new JsonArray()))
            .map(statuses -> result(new JsonArray(), statuses));
      }
      if (!wants(type, "accounts")) {
        return Future.succeededFuture(result(new JsonArray(), new JsonArray()));
      }
      Future<Optional<Account>> account = accounts.publishedByUri(url).compose(known -> {
        if (known.isPresent() || !resolve || uris.isLocal(url)) {
          return Future.succeededFuture(known);
        }
        return remoteActors.byUri(url).map(Optional::of).otherwise(Optional.empty());
      });
      return account.compose(a -> a.filter(x -> x.deletedAt() == null)
          .map(x -> presenter.accounts(List.of(x)))
          .orElse(Future.succeededFuture(new JsonArray())))
          .map(accounts -> result(accounts, new JsonArray()));
    });
  }

  private static JsonObject result(JsonArray accounts, JsonArray statuses) {
    return new JsonObject().put("accounts", accounts).put("statuses", statuses)
        .put("hashtags", new JsonArray());
  }

  private Future<List<Account>> accounts(String query, boolean resolve) {
    String handle = query.startsWith("@") ? query.substring(1) : query;
    int at = handle.indexOf('@');
    if (at <= 0) {
      return accounts.localByUsername(handle).map(found -> found
          .filter(a -> a.deletedAt() == null).map(List::of).orElse(List.of()));
    }
    String username = handle.substring(0, at);
    String host = handle.substring(at + 1).toLowerCase();
    if (host.equals(uris.authority())) {
      return accounts(username, false);
    }
    Future<Optional<Account>> known = accounts.remoteByHandle(username, host);
    return known.compose(found -> {
      found.ifPresent(remoteActors::lookedUp);
      if (found.isPresent() || !resolve) {
        return Future.succeededFuture(found.filter(a -> a.deletedAt() == null).map(List::of)
            .orElse(List.of()));
      }
      // Unknown and the member asked to resolve it: WebFinger, then fetch the actor.
      return remoteActors.byHandle(username + "@" + host).map(List::of)
          .otherwise(List.of());
    });
  }

  private static boolean wants(String type, String kind) {
    return type == null || type.isBlank() || type.equals(kind);
  }

  private static boolean isUrl(String query) {
    if (!query.startsWith("https://") && !query.startsWith("http://")) {
      return false;
    }
    try {
      return URI.create(query).getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int offset(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Math.min(10_000, Integer.parseInt(value.strip())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
