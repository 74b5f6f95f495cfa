package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.plutro.server.store.InstanceDomainBlockStore;

/**
 * What a domain block does to what we already hold, as Mastodon's BlockDomainService: run in the
 * admin's transaction each time a block is created, changed or lifted. Whatever applies to the
 * domain's accounts afterwards is decided from the blocks then in force, so a change in either
 * direction (and a block lifted while another still covers the domain) ends right.
 *
 * <p>A silence marks the accounts silenced rather than having every read look the domain up: the
 * public and hashtag timelines and the notifications already leave silenced accounts out to those
 * who do not follow them, by one column of the account row they read anyway, so they stay as fast
 * as they are, and the {@code Account} shows {@code limited} as Mastodon's does. An account first
 * seen later is marked as it is stored (AccountStore's upsert asks the same
 * {@code domain_silenced}). The mark {@code silenced_by_domain} tells which silences are the
 * block's: lifting or lowering it unsilences those only, never an account a moderator silenced.
 */
public final class DomainBlockEffects {
  private DomainBlockEffects() {}

  /** The block of {@code domain} was created or changed to this severity and these flags. */
  public static Future<Void> blocked(SqlClient tx, String domain, String severity, boolean rejectMedia) {
    boolean suspend = "suspend".equals(severity);
    return InstanceDomainBlockStore.silenceCovered(tx, domain)
        .compose(done -> InstanceDomainBlockStore.unsilenceUncovered(tx, domain))
        .compose(done -> rejectMedia ? InstanceDomainBlockStore.dropMedia(tx, domain) : Future.<Void>succeededFuture())
        .compose(done -> suspend ? InstanceDomainBlockStore.endFollows(tx, domain) : Future.<Void>succeededFuture());
  }

  /** The block of {@code domain} was lifted: the silences it made end (unless another still covers them). */
  public static Future<Void> lifted(SqlClient tx, String domain) {
    return InstanceDomainBlockStore.unsilenceUncovered(tx, domain);
  }
}
