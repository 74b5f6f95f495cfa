-- A status is touched (V250) so that its row version moves when its mentions, hashtags, media,
-- poll or card change. A status written by the same transaction already carries that
-- transaction's version, and rewriting it would move nothing: it is left alone. This is every
-- post arriving with its mentions and hashtags, which were rewritten once more each (their search
-- document computed again, the update triggers run) for nothing.
CREATE OR REPLACE FUNCTION touch_statuses_of_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE statuses SET id = id WHERE id IN (SELECT DISTINCT status_id FROM new_rows)
    AND xmin <> pg_current_xact_id()::xid;
  RETURN NULL;
END $$;
