-- The touch of statuses (V250, V535, V545) found them with "id IN (SELECT ... FROM new_rows)", a
-- statement without parameters: PL/pgSQL keeps its first plan for the session's life, made for
-- the tables as they were then. A session that began on a small statuses table keeps a scan of
-- every status after the table has grown (reproduced: 98 ms a call at 500,000 statuses instead of
-- 0.06 ms; seen at 2.3 ms a call in an inbox benchmark run). The ids are now gathered first and
-- passed as a value, and the statements are planned at every call (force_custom_plan), so the
-- primary key answers once the table is large.
CREATE OR REPLACE FUNCTION touch_statuses_of_new_rows() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids int8[] := ARRAY(SELECT DISTINCT status_id FROM new_rows);
BEGIN
  IF EXISTS (SELECT 1 FROM statuses WHERE id = ANY (ids) AND xmin <> pg_current_xact_id()::xid) THEN
    UPDATE statuses SET id = id WHERE id = ANY (ids) AND xmin <> pg_current_xact_id()::xid;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION touch_statuses_of_old_rows() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids int8[] := ARRAY(SELECT DISTINCT status_id FROM old_rows);
BEGIN
  UPDATE statuses SET id = id WHERE id = ANY (ids);
  RETURN NULL;
END $$;
