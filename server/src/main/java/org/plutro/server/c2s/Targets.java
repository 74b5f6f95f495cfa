package org.plutro.server.c2s;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.ServiceException;

/** What an outbox activity points at: an actor or a post, ours or fetched from its origin. */
final class Targets {
  private Targets() {}

  /** The {@code object} as an id (a bare id or an embedded object's), or 422. */
  static Future<String> objectId(JsonObject activity) {
    String id = Refs.idOf(activity.getValue("object"));
    return id == null || id.isBlank()
        ? Future.failedFuture(ServiceException.unprocessable("object: an id is required"))
        : Future.succeededFuture(id);
  }

  /** The actor with this id, fetched if remote and new; 404 when there is none. */
  static Future<Account> actor(AppContext app, String uri) {
    Future<Account> found = app.uris().isLocal(uri)
        ? app.localAccount(uri).map(local -> local.orElse(null))
        : app.remoteActors().byUri(uri).otherwise(failure -> null);
    return found.compose(account -> account == null || account.deletedAt() != null
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : Future.succeededFuture(account));
  }

  /** A post (not a share) the member may see, fetched if remote and new; 404 otherwise. */
  static Future<Status> visiblePost(AppContext app, Account member, String uri) {
    return app.remoteStatuses().find(uri).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return app.statusVisibility().maySee(Optional.of(member), found.get()).compose(visible -> visible
          ? Future.succeededFuture(found.get())
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }

  /** The member's own live post with this id, or 404. */
  static Future<Status> ownPost(AppContext app, Account member, String uri) {
    return app.statuses().byUri(uri).compose(found -> found
        .filter(s -> s.accountId() == member.id() && !s.isDeleted() && s.reblogOfId() == null)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }
}
