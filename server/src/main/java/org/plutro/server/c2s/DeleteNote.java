package org.plutro.server.c2s;

import org.plutro.server.service.StatusService;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;

/** Delete of the member's own post (closing the account has its own confirmed path). */
final class DeleteNote implements ClientActivity {
  private final Targets targets;
  private final StatusService statusService;

  DeleteNote(Targets targets, StatusService statusService) {
    this.targets = targets;
    this.statusService = statusService;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:statuses"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    return Targets.objectId(activity)
        .compose(uri -> targets.ownPost(member, uri))
        .compose(status -> statusService.delete(member, status.id()))
        .map(status -> status.uri() + "#delete");
  }
}
