package org.plutro.server.c2s;

import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.User;
import org.plutro.server.store.UserStore;
import org.plutro.server.service.StatusService;

/**
 * Create(Note): posted as {@code POST /api/v1/statuses} would post it; a Note that does not say
 * who may quote it follows the member's default, as the API's posts do.
 */
final class CreateNote implements ClientActivity {
  private final Targets targets;
  private final UserStore users;
  private final StatusService statusService;

  CreateNote(Targets targets, UserStore users, StatusService statusService) {
    this.targets = targets;
    this.users = users;
    this.statusService = statusService;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:statuses"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    if (activity.embeddedObject().isEmpty()) {
      return Future.failedFuture(ServiceException.unprocessable("object: a Note is required"));
    }
    return NoteDraft.read(targets, member, activity.embeddedObject().get()).compose(draft -> parentId(member, draft.inReplyToUri())
        .compose(parentId -> quotePolicy(member, draft).compose(quotePolicy -> statusService.post(member,
            new StatusService.Draft(draft.text(), draft.visibility(), draft.spoilerText(),
                Boolean.TRUE.equals(draft.sensitive()),
                StatusService.validLanguage(draft.language()) ? draft.language() : null, parentId,
                List.of(), null, true, null, null, quotePolicy)))))
        .map(status -> status.uri() + "/activity");
  }

  private Future<String> quotePolicy(Account member, NoteDraft draft) {
    return draft.quotePolicy() != null ? Future.succeededFuture(draft.quotePolicy())
        : users.byAccountId(member.id()).map(user -> user.map(User::defaultQuotePolicy).orElse(null));
  }

  private Future<String> parentId(Account member, String uri) {
    return uri == null ? Future.succeededFuture(null)
        : targets.visiblePost(member, uri).map(parent -> Long.toString(parent.id()));
  }
}
