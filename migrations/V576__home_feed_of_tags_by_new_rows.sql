-- A batch of hashtags joined the homes of the tags' followers through a join with statuses that
-- the planner answered (seen with 20 posts and with 40,000) by reading every public post newer
-- than the feed's horizon (statuses_public, id > home_feed_horizon(): estimated at one row) and
-- hashing them: the cost of each batch grew with the last 14 days' posts. Each new row's status is
-- now read by its id (OFFSET 0 keeps the lookup per row), and the horizon is checked on the new rows.
-- The statement is planned at every call (force_custom_plan, the horizon passed as a value):
-- PL/pgSQL would otherwise keep the plan made when the session began, on a table maybe nearly
-- empty then, with a scan of every status for each new row.
-- A session inserting 800 batches of 12 tags while 40,000 posts arrived: 28 ms a batch before,
-- 5.7 ms after (wall, load 16), and flat instead of growing with the table.
CREATE OR REPLACE FUNCTION home_feed_on_status_tags() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  horizon int8 := home_feed_horizon();
BEGIN
  INSERT INTO home_feed (account_id, status_id, author_id)
  SELECT DISTINCT tf.account_id, st.status_id, s.account_id FROM new_tags st
    JOIN tag_follows tf ON tf.tag_id = st.tag_id
    CROSS JOIN LATERAL (SELECT s.account_id FROM statuses s WHERE s.id = st.status_id
      AND s.visibility = 'public' AND s.reblog_of_id IS NULL AND s.deleted_at IS NULL OFFSET 0) s
  WHERE st.status_id > horizon
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
