package org.plutro.server.http.web;

import io.vertx.core.Future;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/**
 * What an interaction names ({@code uri} of {@code /authorize_interaction}): an account (a handle,
 * {@code acct:user@host}, or an actor's address) or a post (its id or its page), ours or another
 * server's, as the search API resolves them: what we hold, else fetched (signed, as the instance
 * actor). Only what the viewer may see is found.
 */
public final class InteractionTargets {
  /** One of the two is set. */
  public record Target(Account account, Status status) {
    public boolean isAccount() {
      return account != null;
    }
  }

  private static final Pattern POST_PAGE = Pattern.compile("^/@([A-Za-z0-9_]+)/([0-9]{1,18})$");

  private final Uris uris;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final RemoteActors remoteActors;
  private final RemoteStatuses remoteStatuses;
  private final StatusVisibility statusVisibility;

  public InteractionTargets(Uris uris, AccountStore accounts, StatusStore statuses,
      RemoteActors remoteActors, RemoteStatuses remoteStatuses, StatusVisibility statusVisibility) {
    this.uris = uris;
    this.accounts = accounts;
    this.statuses = statuses;
    this.remoteActors = remoteActors;
    this.statusVisibility = statusVisibility;
    this.remoteStatuses = remoteStatuses;
  }

  /** What {@code uri} names, fetched from its server if we do not hold it, as {@code viewer} may see it. */
  public Future<Optional<Target>> resolve(String uri, Account viewer) {
    String value = uri == null ? "" : uri.strip();
    if (value.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    Future<Optional<Target>> found;
    if (isWebAddress(value)) {
      found = uris.isLocal(value) ? local(value)
          : remoteStatuses.find(value).compose(status -> status.isPresent()
              ? Future.succeededFuture(status.map(s -> new Target(null, s)))
              : remoteActors.byUri(value).map(a -> Optional.of(new Target(a, null)))
                  .otherwise(Optional.empty()));
    } else {
      found = byHandle(value);
    }
    return found.otherwise(Optional.empty()).compose(target -> visible(target, Optional.of(viewer)));
  }

  /**
   * One of ours that anyone may see (a member, or a public or unlisted post), named by its id or
   * page; never fetched.
   */
  public Future<Optional<Target>> ours(String uri) {
    String value = uri == null ? "" : uri.strip();
    if (!isWebAddress(value) || !uris.isLocal(value)) {
      return Future.succeededFuture(Optional.empty());
    }
    return local(value).compose(target -> visible(target, Optional.empty()));
  }

  /** Ours: a member by actor id or profile page, a post by id or page. */
  private Future<Optional<Target>> local(String url) {
    Optional<String> username = uris.usernameOf(url);
    if (username.isPresent()) {
      return accounts.localByUsername(username.get()).map(a -> a.map(x -> new Target(x, null)));
    }
    Matcher page = POST_PAGE.matcher(url.substring(uris.base().length()));
    Future<Optional<Status>> status = page.matches()
        ? statuses.byId(Long.parseLong(page.group(2))).compose(s -> s.isEmpty()
            ? Future.succeededFuture(s)
            : accounts.byId(s.get().accountId()).map(author -> author
                .filter(a -> a.isLocal() && a.username().equalsIgnoreCase(page.group(1)))
                .flatMap(a -> s)))
        : statuses.byUri(url);
    return status.map(s -> s.map(x -> new Target(null, x)));
  }

  /** {@code user@host}, {@code @user@host}, {@code acct:user@host}; ours without a lookup. */
  private Future<Optional<Target>> byHandle(String value) {
    String handle = value.replaceFirst("(?i)^acct:", "").replaceFirst("^@", "");
    int at = handle.lastIndexOf('@');
    if (at <= 0 || at == handle.length() - 1) {
      return Future.succeededFuture(Optional.empty());
    }
    String host = handle.substring(at + 1).toLowerCase(Locale.ROOT);
    Future<Optional<Account>> account = host.equals(uris.authority().toLowerCase(Locale.ROOT))
        ? accounts.localByUsername(handle.substring(0, at))
        : remoteActors.resolve(handle, false).map(Optional::of);
    return account.map(a -> a.map(x -> new Target(x, null)));
  }

  /** The target if it still stands and the viewer may see it (posts: not shares, not deleted). */
  private Future<Optional<Target>> visible(Optional<Target> target, Optional<Account> viewer) {
    if (target.isEmpty()) {
      return Future.succeededFuture(target);
    }
    if (target.get().isAccount()) {
      Account account = target.get().account();
      boolean shown = account.deletedAt() == null && !account.suspended()
          && !(account.isLocal() && "Application".equals(account.actorType()));
      return Future.succeededFuture(shown ? target : Optional.empty());
    }
    Status status = target.get().status();
    if (status.isDeleted() || status.reblogOfId() != null) {
      return Future.succeededFuture(Optional.empty());
    }
    return statusVisibility.maySee(viewer, status).map(may -> may ? target : Optional.empty());
  }

  private static boolean isWebAddress(String value) {
    return value.startsWith("https://") || value.startsWith("http://");
  }
}
