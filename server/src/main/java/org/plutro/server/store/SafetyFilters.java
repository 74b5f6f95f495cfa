package org.plutro.server.store;

/**
 * SQL conditions for what a member chose not to see: accounts they block or that block them,
 * accounts they mute (until the mute expires), and accounts of domains they block. One place, so
 * timelines, notifications and conversations hide the same accounts.
 */
public final class SafetyFilters {
  private SafetyFilters() {}

  /** True when {@code viewer} (an int8 expression, NULL for nobody) hides {@code author}'s posts. */
  public static String hides(String viewer, String author) {
    return "(" + viewer + "::int8 IS NOT NULL AND (EXISTS (SELECT 1 FROM blocks xb"
        + " WHERE (xb.account_id = " + viewer + "::int8 AND xb.target_account_id = " + author + ")"
        + " OR (xb.account_id = " + author + " AND xb.target_account_id = " + viewer + "::int8))"
        + " OR " + mutes(viewer, author, false)
        + " OR " + domainBlocks(viewer, author) + "))";
  }

  /**
   * {@link #hides} for queries that test many rows: the accounts the viewer hides are gathered
   * once per statement (uncorrelated subqueries, which PostgreSQL runs once), and an author's
   * domain is looked up only when the viewer blocks any domain. Same answer as {@link #hides}.
   */
  public static String hidesGathered(String viewer, String author) {
    return "(" + viewer + "::int8 IS NOT NULL AND (" + author + " = ANY (ARRAY("
        + "SELECT xb.target_account_id FROM blocks xb WHERE xb.account_id = " + viewer + "::int8"
        + " UNION ALL SELECT xb.account_id FROM blocks xb WHERE xb.target_account_id = " + viewer + "::int8"
        + " UNION ALL SELECT xm.target_account_id FROM mutes xm WHERE xm.account_id = " + viewer + "::int8"
        + " AND (xm.expires_at IS NULL OR xm.expires_at > now())))"
        + " OR (EXISTS (SELECT 1 FROM account_domain_blocks xd WHERE xd.account_id = " + viewer + "::int8)"
        + " AND " + domainBlocks(viewer, author) + ")))";
  }

  /**
   * True when moderators withdrew {@code author}'s posts from public timelines for {@code viewer}:
   * the account is suspended, or silenced and the viewer (NULL for anonymous) does not follow it.
   */
  public static String withdrawn(String viewer, String author) {
    return "EXISTS (SELECT 1 FROM accounts xw WHERE xw.id = " + author + " AND (xw.suspended_at IS NOT NULL"
        + " OR (xw.silenced_at IS NOT NULL AND xw.id IS DISTINCT FROM " + viewer + "::int8"
        + " AND NOT EXISTS (SELECT 1 FROM follows xf WHERE xf.account_id = " + viewer + "::int8"
        + " AND xf.target_account_id = xw.id AND xf.state = 'accepted'))))";
  }

  /** True when {@code viewer} hides notifications from {@code author}. */
  public static String hidesNotifications(String viewer, String author) {
    return "(EXISTS (SELECT 1 FROM blocks xb WHERE xb.account_id = " + viewer
        + " AND xb.target_account_id = " + author + ")"
        + " OR " + mutes(viewer, author, true) + " OR " + domainBlocks(viewer, author) + ")";
  }

  /**
   * Why {@code viewer} chose not to see {@code author}'s post when it is quoted, as Mastodon 4.5's
   * quote states name it ({@code blocked_domain}, {@code blocked_account}, {@code muted_account},
   * in Mastodon's order), or NULL: nothing, or the viewer's own post.
   */
  public static String quoteFilterState(String viewer, String author) {
    return "CASE WHEN " + viewer + "::int8 IS NULL OR " + author + " IS NULL OR " + author + " = " + viewer
        + "::int8 THEN NULL WHEN " + domainBlocks(viewer, author) + " THEN 'blocked_domain'"
        + " WHEN EXISTS (SELECT 1 FROM blocks xb WHERE xb.account_id = " + viewer + "::int8"
        + " AND xb.target_account_id = " + author + ") THEN 'blocked_account'"
        + " WHEN " + mutes(viewer, author, false) + " THEN 'muted_account' END";
  }

  private static String mutes(String viewer, String author, boolean notificationsOnly) {
    return "EXISTS (SELECT 1 FROM mutes xm WHERE xm.account_id = " + viewer + "::int8"
        + " AND xm.target_account_id = " + author
        + (notificationsOnly ? " AND xm.hide_notifications" : "")
        + " AND (xm.expires_at IS NULL OR xm.expires_at > now()))";
  }

  private static String domainBlocks(String viewer, String author) {
    return "EXISTS (SELECT 1 FROM account_domain_blocks xd JOIN accounts xa ON xa.domain = xd.domain"
        + " WHERE xd.account_id = " + viewer + "::int8 AND xa.id = " + author + ")";
  }
}
