package org.plutro.server.c2s;

import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;

/**
 * One activity type a member may POST to their outbox (ActivityPub client-to-server). Each does
 * what the Mastodon API does for the same action, through the same service.
 */
interface ClientActivity {
  /** The OAuth scopes of which the member's token needs one for this activity. */
  String[] scopes();

  /** Applies the activity for {@code member}; answers the id of the activity we sent. */
  Future<String> apply(Account member, Activity activity);
}
