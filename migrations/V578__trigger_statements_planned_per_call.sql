-- As in V576 and V577: a PL/pgSQL statement without a variable keeps the plan made at its first
-- call for the session's life, made for the tables as they were then, and one with a variable
-- (NEW, OLD, a parameter) switches after five calls to a generic plan kept the same way. A session
-- that began on small tables keeps scanning every row once they have grown, until an analyze of
-- the table invalidates the plan. Reproduced on PostgreSQL 15: each function called 8 to 10 times
-- on tables of 20 rows in one session, the tables grown to 500,000 rows from another, then called
-- again (ms a call, stale plan -> planned at every call):
--   touch_local_authors_stats (every touch of a status), scan of account_stats: 43-87 -> 0.02
--   touch_statuses_of_cards (a card updated), scan of status_cards: 97-100 -> 0.01-0.05
--   favourites_counted (a like removed), scan of status_stats: 62-123 -> 0.02-0.09
--   home_feed_on_follows (a follow accepted / ended), scans of statuses / home_feed: 39-65 -> 0.3-0.7,
--     34-46 -> 0.7-2.6
--   home_feed_on_tag_follows (a hashtag followed), hash join over status_tags: 75-93 -> 0.5-1.7
--   follow_counter_deltas (follows counted), scan of accounts: 81-122 -> 0.03-0.12
--   quote_counter_deltas (a quote removed), scan of status_stats: 115-131 -> 0.02-0.07
-- Those without a variable now pass their batch's ids as a value, and all are planned at every
-- call (force_custom_plan: a custom plan needs a parameter); their statements without a variable
-- (a like's insert) keep their plan. What planning at every call costs, 3,000 calls on 500,000
-- rows with fresh statistics: a touch of a status 0.020 -> 0.032 ms, a like removed 0.02 -> 0.10,
-- a follow counted 0.09-0.18 -> 0.40-0.44 (likes themselves unchanged).
-- Left planned once, as they run for every stored post or notification: planning them at every
-- call costs more on every call (home_feed_on_statuses 0.05 -> 0.21 ms a post, queue_pushes 0.03
-- -> 0.18 ms a notification, status_counter_deltas 0.10 -> 0.45 ms a post), while their stale
-- plans (51-67, 232-297 and 163-231 ms a call) last until the table's next analyze.
CREATE OR REPLACE FUNCTION touch_local_authors_stats() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids int8[] := ARRAY(SELECT DISTINCT account_id FROM new_rows WHERE local);
BEGIN
  UPDATE account_stats SET account_id = account_id WHERE account_id = ANY (ids);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION touch_statuses_of_cards() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  cards int8[] := ARRAY(SELECT id FROM new_rows);
BEGIN
  UPDATE statuses SET id = id WHERE id IN
    (SELECT sc.status_id FROM status_cards sc WHERE sc.card_id = ANY (cards));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION favourites_counted() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids int8[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO status_stats AS t (status_id, favourites_count)
    SELECT status_id, count(*) FROM new_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (status_id) DO UPDATE SET favourites_count = t.favourites_count + EXCLUDED.favourites_count;
  ELSE
    ids := ARRAY(SELECT DISTINCT status_id FROM old_rows);
    UPDATE status_stats t SET favourites_count = t.favourites_count - d.n
    FROM (SELECT status_id, count(*) AS n FROM old_rows GROUP BY 1 ORDER BY 1) d
    WHERE t.status_id = d.status_id AND t.status_id = ANY (ids);
  END IF;
  RETURN NULL;
END $$;

ALTER FUNCTION follow_counter_deltas(jsonb) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION quote_counter_deltas(jsonb) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION home_feed_on_follows() SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION home_feed_on_tag_follows() SET plan_cache_mode = force_custom_plan;
