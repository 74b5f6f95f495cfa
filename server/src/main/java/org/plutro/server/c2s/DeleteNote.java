package org.plutro.server.c2s;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;

/** Delete of the member's own post (closing the account has its own confirmed path). */
final class DeleteNote implements ClientActivity {
  private final AppContext app;

  DeleteNote(AppContext app) {
    this.app = app;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:statuses"};
  }

  @Override
  public Future<String> apply(Account member, JsonObject activity) {
    return Targets.objectId(activity)
        .compose(uri -> Targets.ownPost(app, member, uri))
        .compose(status -> app.statusService().delete(member, status.id()))
        .map(status -> status.uri() + "#delete");
  }
}
