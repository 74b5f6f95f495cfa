package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

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
  private static final String COVERED = " domain IS NOT NULL AND domain_covers($1, domain)";
  private static final String SILENCE = "UPDATE accounts SET silenced_at = now(), silenced_by_domain = true"
      + " WHERE" + COVERED + " AND silenced_at IS NULL AND domain_silenced(domain)";
  private static final String UNSILENCE = "UPDATE accounts SET silenced_at = NULL, silenced_by_domain = false"
      + " WHERE silenced_by_domain AND" + COVERED + " AND NOT domain_silenced(domain)";
  // As Mastodon's ClearDomainMediaService: what we linked of the domain's media is unlinked. The
  // images come back when a profile is next fetched after the block is lifted; attachments do not.
  private static final String DROP_IMAGES = "UPDATE accounts SET avatar_url = NULL, header_url = NULL"
      + " WHERE" + COVERED + " AND (avatar_url IS NOT NULL OR header_url IS NOT NULL)";
  private static final String DROP_ATTACHMENTS = "DELETE FROM media_attachments m USING accounts a"
      + " WHERE m.account_id = a.id AND a.domain IS NOT NULL AND domain_covers($1, a.domain)";
  // A suspension ends the follows both ways between the domain's accounts and ours.
  private static final String END_FOLLOWS = "DELETE FROM follows f USING accounts a"
      + " WHERE (a.id = f.account_id OR a.id = f.target_account_id)"
      + " AND a.domain IS NOT NULL AND domain_covers($1, a.domain)";

  private DomainBlockEffects() {}

  /** The block of {@code domain} was created or changed to this severity and these flags. */
  public static Future<Void> blocked(SqlClient tx, String domain, String severity, boolean rejectMedia) {
    Tuple args = Tuple.of(domain);
    boolean suspend = "suspend".equals(severity);
    return tx.preparedQuery(SILENCE).execute(args)
        .compose(done -> tx.preparedQuery(UNSILENCE).execute(args))
        .compose(done -> rejectMedia ? tx.preparedQuery(DROP_IMAGES).execute(args)
            .compose(dropped -> tx.preparedQuery(DROP_ATTACHMENTS).execute(args)).mapEmpty()
            : Future.succeededFuture())
        .compose(done -> suspend ? tx.preparedQuery(END_FOLLOWS).execute(args).mapEmpty()
            : Future.succeededFuture());
  }

  /** The block of {@code domain} was lifted: the silences it made end (unless another still covers them). */
  public static Future<Void> lifted(SqlClient tx, String domain) {
    return tx.preparedQuery(UNSILENCE).execute(Tuple.of(domain)).mapEmpty();
  }
}
