package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.store.VisibilityStore;

/**
 * Who may see a post, as Mastodon decides it: public and unlisted posts anyone but the accounts
 * (and domains) the author blocks; followers-only posts the author, accepted followers and the
 * mentioned; direct posts the author and the mentioned. Deleted posts nobody.
 */
public final class StatusVisibility {
  private final VisibilityStore store;

  public StatusVisibility(VisibilityStore store) {
    this.store = store;
  }

  public Future<Boolean> maySee(Optional<Account> viewer, Status status) {
    return filter(viewer, List.of(status)).map(visible -> !visible.isEmpty());
  }

  /**
   * Whether a server may fetch this post, by the actor that signed the GET (empty: unsigned):
   * never an actor the author blocks, or one of a domain the author blocks; anyone else for public
   * and unlisted posts; for others only a server that one of its mentioned accounts, or for
   * followers-only posts one of the author's followers, is on.
   */
  public Future<Boolean> mayFetch(Optional<Account> signer, Status status) {
    if (status.isDeleted()) {
      return Future.succeededFuture(false);
    }
    if (signer.isEmpty()) {
      return Future.succeededFuture(status.visibility().isPubliclyReadable());
    }
    return store.blockedByAuthor(status.id(), signer.get().id())
        .compose(blocked -> {
          if (blocked) {
            return Future.succeededFuture(false);
          }
          if (status.visibility().isPubliclyReadable()) {
            return Future.succeededFuture(true);
          }
          return store.servedTo(status.id(), status.accountId(),
              signer.get().domain().toLowerCase(java.util.Locale.ROOT), status.visibility().apiName());
        });
  }

  /** The statuses the viewer may see, in the order given. */
  public Future<List<Status>> filter(Optional<Account> viewer, List<Status> statuses) {
    if (statuses.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Long[] ids = statuses.stream().map(Status::id).toArray(Long[]::new);
    // Anonymous readers go through the same query (viewer NULL): public and unlisted posts only.
    Long viewerId = viewer.map(Account::id).orElse(null);
    return store.visibleIds(ids, viewerId).map(allowed -> {
      List<Status> visible = new ArrayList<>();
      for (Status status : statuses) {
        if (allowed.contains(status.id())) {
          visible.add(status);
        }
      }
      return visible;
    });
  }
}
