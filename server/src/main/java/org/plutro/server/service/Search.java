package org.plutro.server.service;

import io.vertx.core.Future;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.SearchStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.text.StatusText;
import org.plutro.server.uri.Uris;

/**
 * Search, as {@code GET /api/v2/search} and the {@code /search} page both ask it: accounts by
 * handle ({@code @user@host[:port]}, resolved by WebFinger when {@code resolve} and the searcher is
 * a member; a bare name finds our member), a post or account by its address ({@code resolve}
 * fetches it, signed; ours also by its page), hashtags by prefix, and posts by full text (members
 * only, as in Mastodon; the search store's rules). {@code type} narrows to one kind; the page's
 * {@code limit} and {@code offset} page each kind; {@code following} keeps the accounts the member
 * follows; {@code accountId} keeps the posts of one account.
 */
public final class Search {
  /** What was asked; {@code type} is null for every kind, {@code accountId} null for anyone's posts. */
  public record Query(String text, boolean resolve, String type, Page page, int offset,
      boolean following, String accountId) {
    boolean wants(String kind) {
      return type == null || type.isBlank() || type.equals(kind);
    }
  }

  /** What was found: accounts, posts (ids, newest first) and hashtags. */
  public record Results(List<Account> accounts, List<Long> statusIds, List<Tag> hashtags) {
    static final Results NONE = new Results(List.of(), List.of(), List.of());
  }

  private static final Pattern POST_PAGE = Pattern.compile("^/@([A-Za-z0-9_]+)/([0-9]{1,18})$");

  private final SearchStore searchStore;
  private final AccountStore accounts;
  private final FollowStore follows;
  private final RemoteActors remoteActors;
  private final StatusStore statuses;
  private final RemoteStatuses remoteStatuses;
  private final StatusVisibility statusVisibility;
  private final TagStore tags;
  private final Uris uris;

  public Search(SearchStore searchStore, AccountStore accounts, FollowStore follows,
      RemoteActors remoteActors, StatusStore statuses, RemoteStatuses remoteStatuses,
      StatusVisibility statusVisibility, TagStore tags, Uris uris) {
    this.searchStore = searchStore;
    this.accounts = accounts;
    this.follows = follows;
    this.remoteActors = remoteActors;
    this.statuses = statuses;
    this.remoteStatuses = remoteStatuses;
    this.statusVisibility = statusVisibility;
    this.tags = tags;
    this.uris = uris;
  }

  /** What {@code query} finds for {@code member} (empty for a visitor). */
  public Future<Results> search(Optional<Account> member, Query query) {
    String text = query.text() == null ? "" : query.text().strip();
    if (text.isEmpty()) {
      return Future.failedFuture(ServiceException.unprocessable("q is required"));
    }
    if (member.isEmpty() && (query.offset() > 0 || query.resolve())) {
      return Future.failedFuture(new ServiceException(401,
          "Search queries pagination is not supported without authentication"));
    }
    boolean resolve = query.resolve() && member.isPresent();
    if (isUrl(text)) {
      return byUrl(text, resolve, member, query);
    }
    Future<List<Account>> found = query.wants("accounts") && query.offset() == 0
        ? accounts(text, resolve).compose(list -> following(list, member, query.following()))
        : Future.succeededFuture(List.of());
    Future<List<Long>> posts = query.wants("statuses") && member.isPresent()
        ? statuses(text, member.get(), query)
        : Future.succeededFuture(List.of());
    Future<List<Tag>> hashtags = query.wants("hashtags") ? hashtags(text, query.page(), query.offset())
        : Future.succeededFuture(List.of());
    return Future.all(found, posts, hashtags)
        .map(done -> new Results(found.result(), posts.result(), hashtags.result()));
  }

  /** A handle, or an address: what names one account or post, looked up (maybe fetched). */
  public static boolean resolvable(String query) {
    String text = query == null ? "" : query.strip();
    return isUrl(text) || text.replaceFirst("^@", "").matches("[^@\\s]+@[^@\\s]+");
  }

  private Future<List<Long>> statuses(String query, Account member, Query asked) {
    Long accountId = null;
    String account = asked.accountId();
    if (account != null && !account.isBlank()) {
      try {
        accountId = Long.parseLong(account.strip());
      } catch (NumberFormatException e) {
        return Future.succeededFuture(List.of());
      }
    }
    return searchStore.statuses(query, member.id(), accountId, asked.page(), asked.offset());
  }

  private Future<List<Tag>> hashtags(String query, Page page, int offset) {
    String name = query.startsWith("#") ? query.substring(1) : query;
    if (!StatusText.validTagName(name) || page.limit() == 0) {
      return Future.succeededFuture(List.of());
    }
    return tags.search(name, page.limit(), offset);
  }

  /** Only the accounts the member follows, when asked (Mastodon's {@code following=true}). */
  private Future<List<Account>> following(List<Account> found, Optional<Account> member,
      boolean following) {
    if (!following || found.isEmpty()) {
      return Future.succeededFuture(found);
    }
    if (member.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Future<Boolean>> checks = found.stream().map(a -> follows.byPair(member.get().id(), a.id())
        .map(f -> f.isPresent() && f.get().accepted())).toList();
    return Future.all(checks).map(done -> {
      List<Account> kept = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        if (checks.get(i).result()) {
          kept.add(found.get(i));
        }
      }
      return kept;
    });
  }

  /** A URL names one post or one account: ours, one we hold, or (with resolve) fetched. */
  private Future<Results> byUrl(String url, boolean resolve, Optional<Account> viewer, Query query) {
    Future<Optional<Status>> status = query.wants("statuses")
        ? (resolve ? remoteStatuses.find(url) : statuses.byUri(url)).compose(found -> found.isPresent()
            ? Future.succeededFuture(found) : ourPostPage(url))
        : Future.succeededFuture(Optional.empty());
    return status.compose(found -> {
      if (found.isPresent() && found.get().reblogOfId() == null) {
        return statusVisibility.maySee(viewer, found.get()).map(visible -> visible
            ? new Results(List.of(), List.of(found.get().id()), List.of()) : Results.NONE);
      }
      if (!query.wants("accounts")) {
        return Future.succeededFuture(Results.NONE);
      }
      Future<Optional<Account>> account = accounts.publishedByUri(url).compose(known -> {
        if (known.isPresent()) {
          return Future.succeededFuture(known);
        }
        if (uris.isLocal(url)) {
          // Our member's profile page names them too.
          Optional<String> name = uris.usernameOf(url);
          return name.isEmpty() ? Future.succeededFuture(Optional.<Account>empty())
              : accounts.localByUsername(name.get());
        }
        return !resolve ? Future.succeededFuture(known)
            : remoteActors.byUri(url).map(Optional::of).otherwise(Optional.empty());
      });
      return account.compose(a -> following(a.filter(x -> x.deletedAt() == null).stream().toList(),
              viewer, query.following()))
          .map(list -> new Results(list, List.of(), List.of()));
    });
  }

  /** A post of ours named by its page here ({@code /@name/ID}), which is not its id. */
  private Future<Optional<Status>> ourPostPage(String url) {
    if (!uris.isLocal(url)) {
      return Future.succeededFuture(Optional.empty());
    }
    Matcher page = POST_PAGE.matcher(url.substring(uris.base().length()));
    if (!page.matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    return statuses.byId(Long.parseLong(page.group(2))).compose(s -> s.isEmpty() || s.get().isDeleted()
        ? Future.succeededFuture(Optional.<Status>empty())
        : accounts.byId(s.get().accountId()).map(author -> author
            .filter(a -> a.isLocal() && a.username().equalsIgnoreCase(page.group(1)))
            .flatMap(a -> s)));
  }

  private Future<List<Account>> accounts(String query, boolean resolve) {
    String handle = query.startsWith("@") ? query.substring(1) : query;
    int at = handle.indexOf('@');
    if (at <= 0) {
      return accounts.localByUsername(handle).map(found -> found
          .filter(a -> a.deletedAt() == null).map(List::of).orElse(List.of()));
    }
    String username = handle.substring(0, at);
    String host = handle.substring(at + 1).toLowerCase(Locale.ROOT);
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
}
