package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/**
 * Publishing and deleting a member's posts: stored, then delivered to the followers' inboxes as
 * Create(Note) or Delete(Tombstone), in the same transaction.
 */
public final class StatusService {
  public static final int MAX_CHARACTERS = 500;

  /** What a member asks to publish. */
  public record Draft(String text, Visibility visibility, String spoilerText, boolean sensitive,
      String language) {}

  private final Pool pool;
  private final Uris uris;
  private final StatusStore statuses;
  private final Publisher publisher;

  public StatusService(Pool pool, Uris uris, StatusStore statuses, Publisher publisher) {
    this.pool = pool;
    this.uris = uris;
    this.statuses = statuses;
    this.publisher = publisher;
  }

  public Future<Status> post(Account author, Draft draft) {
    String text = draft.text() == null ? "" : draft.text().strip();
    ValidationErrors errors = new ValidationErrors();
    if (text.isEmpty()) {
      errors.add("text", "ERR_BLANK", "can't be blank");
    } else if (text.codePointCount(0, text.length()) > MAX_CHARACTERS) {
      errors.add("text", "ERR_TOO_LONG", "character limit of " + MAX_CHARACTERS + " exceeded");
    }
    if (draft.visibility() == Visibility.DIRECT) {
      errors.add("visibility", "ERR_INCLUSION", "direct messages are not supported yet");
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    List<String> to;
    List<String> cc;
    switch (draft.visibility()) {
      case PUBLIC -> {
        to = List.of(Visibility.AS_PUBLIC);
        cc = List.of(author.followersUrl());
      }
      case UNLISTED -> {
        to = List.of(author.followersUrl());
        cc = List.of(Visibility.AS_PUBLIC);
      }
      default -> {
        to = List.of(author.followersUrl());
        cc = List.of();
      }
    }
    String spoiler = draft.spoilerText() == null ? "" : draft.spoilerText().strip();
    return pool.withTransaction(tx -> StatusStore.insertLocal(tx, author.uri(), author.url(),
            author.id(), null, null, Html.render(text), text, spoiler,
            draft.sensitive() || !spoiler.isEmpty(), draft.language(), draft.visibility(), to, cc)
        .compose(status -> Publisher.followerInboxes(tx, author.id())
            .compose(inboxes -> publisher.publish(tx, author.id(),
                Activities.create(status, author), inboxes))
            .map(status)));
  }

  /** Tombstones the post; its URL answers 410 from now on and its audience is told. */
  public Future<Status> delete(Account author, long statusId) {
    return statuses.byId(statusId).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || found.get().accountId() != author.id()
          || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      Status status = found.get();
      return pool.withTransaction(tx -> StatusStore.tombstone(tx, status.id())
          .compose(done -> Publisher.followerInboxes(tx, author.id()))
          .compose(inboxes -> publisher.publish(tx, author.id(), Activities.delete(status, author),
              inboxes))
          .map(status));
    });
  }
}
