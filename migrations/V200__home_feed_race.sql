-- A post and an Accept of a follow of its author can commit at the same moment: each trigger then
-- misses the other's uncommitted row and the post never reaches the new follower's home. An
-- advisory lock per author orders them: posts take it shared (they never wait for each other), an
-- accepted follow exclusively; the statement after the lock sees what the other committed.
CREATE OR REPLACE FUNCTION home_feed_on_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(a.account_id)
  FROM (SELECT DISTINCT account_id FROM new_statuses ORDER BY account_id) a;
  INSERT INTO home_feed (account_id, status_id, author_id)
  SELECT f.account_id, s.id, s.account_id FROM new_statuses s
    JOIN follows f ON f.target_account_id = s.account_id AND f.state = 'accepted'
    JOIN users u ON u.account_id = f.account_id
  WHERE s.visibility <> 'direct' AND s.id > home_feed_horizon()
  UNION ALL
  SELECT s.account_id, s.id, s.account_id FROM new_statuses s
    JOIN users u ON u.account_id = s.account_id
  WHERE s.visibility <> 'direct' AND s.id > home_feed_horizon()
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION home_feed_on_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.state = 'accepted' AND (TG_OP = 'DELETE' OR NEW.state <> 'accepted') THEN
    DELETE FROM home_feed WHERE account_id = OLD.account_id AND author_id = OLD.target_account_id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.state = 'accepted' AND (TG_OP = 'INSERT' OR OLD.state <> 'accepted')
      AND EXISTS (SELECT 1 FROM users u WHERE u.account_id = NEW.account_id) THEN
    PERFORM pg_advisory_xact_lock(NEW.target_account_id);
    INSERT INTO home_feed (account_id, status_id, author_id)
    SELECT NEW.account_id, s.id, s.account_id FROM statuses s
    WHERE s.account_id = NEW.target_account_id AND s.visibility <> 'direct'
      AND s.deleted_at IS NULL AND s.id > home_feed_horizon()
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
