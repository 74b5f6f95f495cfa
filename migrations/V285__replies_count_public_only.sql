-- replies_count counts what anyone may see, as Mastodon's does: live public and unlisted replies.
-- A followers-only or direct reply no longer shows in the count its parent's readers (visitors
-- too) are shown. The counters take a reply's parent only when the reply is distributable.
CREATE OR REPLACE FUNCTION statuses_counted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM status_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object(
      'account_id', n.account_id, 'reblog_of_id', n.reblog_of_id,
      'in_reply_to_id', CASE WHEN n.visibility IN ('public', 'unlisted') THEN n.in_reply_to_id END,
      'created_at', n.created_at, 'live', n.deleted_at IS NULL, 'sign', 1)), '[]') FROM new_rows n));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION statuses_counted_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM status_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object(
      'account_id', o.account_id, 'reblog_of_id', o.reblog_of_id,
      'in_reply_to_id', CASE WHEN o.visibility IN ('public', 'unlisted') THEN o.in_reply_to_id END,
      'created_at', o.created_at, 'live', o.deleted_at IS NULL, 'sign', -1)), '[]') FROM old_rows o));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION statuses_counted_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM status_counter_deltas((SELECT coalesce(jsonb_agg(x.change), '[]') FROM (
      SELECT jsonb_build_object('account_id', o.account_id, 'reblog_of_id', o.reblog_of_id,
          'in_reply_to_id', CASE WHEN o.visibility IN ('public', 'unlisted') THEN o.in_reply_to_id END,
          'created_at', o.created_at, 'live', o.deleted_at IS NULL, 'sign', -1) AS change
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.deleted_at IS NULL) IS DISTINCT FROM (n.deleted_at IS NULL)
         OR o.in_reply_to_id IS DISTINCT FROM n.in_reply_to_id OR o.visibility <> n.visibility
         OR o.reblog_of_id IS DISTINCT FROM n.reblog_of_id OR o.account_id <> n.account_id
      UNION ALL
      SELECT jsonb_build_object('account_id', n.account_id, 'reblog_of_id', n.reblog_of_id,
          'in_reply_to_id', CASE WHEN n.visibility IN ('public', 'unlisted') THEN n.in_reply_to_id END,
          'created_at', n.created_at, 'live', n.deleted_at IS NULL, 'sign', 1)
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.deleted_at IS NULL) IS DISTINCT FROM (n.deleted_at IS NULL)
         OR o.in_reply_to_id IS DISTINCT FROM n.in_reply_to_id OR o.visibility <> n.visibility
         OR o.reblog_of_id IS DISTINCT FROM n.reblog_of_id OR o.account_id <> n.account_id) x));
  RETURN NULL;
END $$;

UPDATE status_stats t SET replies_count = r.n
FROM (SELECT p.status_id, count(c.id) AS n FROM status_stats p
      LEFT JOIN statuses c ON c.in_reply_to_id = p.status_id AND c.deleted_at IS NULL
        AND c.visibility IN ('public', 'unlisted')
      GROUP BY p.status_id) r
WHERE t.status_id = r.status_id AND t.replies_count <> r.n;
