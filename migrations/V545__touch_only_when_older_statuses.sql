-- A touch (V250, V535) that finds no older status to rewrite still ran an UPDATE of statuses, and
-- with it the statement triggers of statuses (the counters' deltas, six statements, and the local
-- authors' stats), for no row. That is every batch of posts arriving with mentions or hashtags:
-- their statuses were written by the same transaction. The UPDATE now runs only when it has a row.
CREATE OR REPLACE FUNCTION touch_statuses_of_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM statuses WHERE id IN (SELECT status_id FROM new_rows)
      AND xmin <> pg_current_xact_id()::xid) THEN
    UPDATE statuses SET id = id WHERE id IN (SELECT DISTINCT status_id FROM new_rows)
      AND xmin <> pg_current_xact_id()::xid;
  END IF;
  RETURN NULL;
END $$;
