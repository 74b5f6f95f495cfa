package org.plutro.server.c2s;

import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/** What an outbox activity points at: an actor or a post, ours or fetched from its origin. */
final class Targets {
  private final Uris uris;
  private final LocalAccounts localAccounts;
  private final RemoteActors remoteActors;
  private final RemoteStatuses remoteStatuses;
  private final StatusStore statuses;
  private final StatusVisibility statusVisibility;

  Targets(Uris uris, LocalAccounts localAccounts, RemoteActors remoteActors, RemoteStatuses remoteStatuses,
      StatusStore statuses, StatusVisibility statusVisibility) {
    this.uris = uris;
    this.localAccounts = localAccounts;
    this.remoteActors = remoteActors;
    this.remoteStatuses = remoteStatuses;
    this.statuses = statuses;
    this.statusVisibility = statusVisibility;
  }

  /** The {@code object} as an id (a bare id or an embedded object's), or 422. */
  static Future<String> objectId(Activity activity) {
    String id = activity.objectId();
    return id == null || id.isBlank()
        ? Future.failedFuture(ServiceException.unprocessable("object: an id is required"))
        : Future.succeededFuture(id);
  }

  /** The actor with this id, fetched if remote and new; 404 when there is none. */
  Future<Account> actor(String uri) {
    Future<Account> found = uris.isLocal(uri)
        ? localAccounts.byUri(uri).map(local -> local.orElse(null))
        : remoteActors.byUri(uri).otherwise(failure -> null);
    return found.compose(account -> account == null || account.deletedAt() != null
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : Future.succeededFuture(account));
  }

  /** A post (not a share) the member may see, fetched if remote and new; 404 otherwise. */
  Future<Status> visiblePost(Account member, String uri) {
    return remoteStatuses.find(uri).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return statusVisibility.maySee(Optional.of(member), found.get()).compose(visible -> visible
          ? Future.succeededFuture(found.get())
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }

  /** The member's own live post with this id, or 404. */
  Future<Status> ownPost(Account member, String uri) {
    return statuses.byUri(uri).compose(found -> found
        .filter(s -> s.accountId() == member.id() && !s.isDeleted() && s.reblogOfId() == null)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }
}
