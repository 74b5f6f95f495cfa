-- Home feeds, fanned out on write (as Mastodon keeps them in Redis): one row per member and post
-- that belongs on their home timeline, written by the triggers below in the same transaction as
-- the post, follow or followed tag. A home page is then one index range scan instead of a probe
-- per followed account. Feeds hold the last 14 days (see home_feed_horizon); older pages are read
-- from the follows themselves. No foreign keys: posts and accounts are tombstoned, not deleted,
-- and readers join statuses anyway; the hourly housekeeping drops rows past the horizon.
CREATE TABLE home_feed (
  account_id  bigint NOT NULL,   -- the local member whose home it is
  status_id   bigint NOT NULL,
  author_id   bigint NOT NULL,   -- the post's account, to take it out on unfollow
  PRIMARY KEY (account_id, status_id)
);
CREATE INDEX home_feed_age ON home_feed USING brin (status_id);

-- Ids are milliseconds << 16: the oldest id a feed holds.
CREATE FUNCTION home_feed_horizon() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT ((extract(epoch FROM now()) * 1000)::bigint - 14 * 86400000) << 16 $$;

-- A new post joins the homes of its author (if local) and of its author's local followers;
-- direct messages are not home timeline posts here.
CREATE FUNCTION home_feed_on_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
CREATE TRIGGER home_feed_statuses AFTER INSERT ON statuses REFERENCING NEW TABLE AS new_statuses
  FOR EACH STATEMENT EXECUTE FUNCTION home_feed_on_statuses();

-- A public post under a hashtag joins the homes of the tag's followers.
CREATE FUNCTION home_feed_on_status_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO home_feed (account_id, status_id, author_id)
  SELECT DISTINCT tf.account_id, s.id, s.account_id FROM new_tags st
    JOIN tag_follows tf ON tf.tag_id = st.tag_id
    JOIN statuses s ON s.id = st.status_id
  WHERE s.visibility = 'public' AND s.reblog_of_id IS NULL AND s.deleted_at IS NULL
    AND s.id > home_feed_horizon()
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER home_feed_status_tags AFTER INSERT ON status_tags REFERENCING NEW TABLE AS new_tags
  FOR EACH STATEMENT EXECUTE FUNCTION home_feed_on_status_tags();

-- An accepted follow brings the account's recent posts in; ending it takes them out.
CREATE FUNCTION home_feed_on_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.state = 'accepted' AND (TG_OP = 'DELETE' OR NEW.state <> 'accepted') THEN
    DELETE FROM home_feed WHERE account_id = OLD.account_id AND author_id = OLD.target_account_id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.state = 'accepted' AND (TG_OP = 'INSERT' OR OLD.state <> 'accepted')
      AND EXISTS (SELECT 1 FROM users u WHERE u.account_id = NEW.account_id) THEN
    INSERT INTO home_feed (account_id, status_id, author_id)
    SELECT NEW.account_id, s.id, s.account_id FROM statuses s
    WHERE s.account_id = NEW.target_account_id AND s.visibility <> 'direct'
      AND s.deleted_at IS NULL AND s.id > home_feed_horizon()
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER home_feed_follows AFTER INSERT OR UPDATE OF state OR DELETE ON follows
  FOR EACH ROW EXECUTE FUNCTION home_feed_on_follows();

-- Following a hashtag brings its recent public posts in; unfollowing takes out those that are
-- there only for the tag (not the member's own, not from accounts they follow).
CREATE FUNCTION home_feed_on_tag_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO home_feed (account_id, status_id, author_id)
    SELECT NEW.account_id, s.id, s.account_id FROM status_tags st
      JOIN statuses s ON s.id = st.status_id
    WHERE st.tag_id = NEW.tag_id AND st.status_id > home_feed_horizon() AND s.visibility = 'public'
      AND s.reblog_of_id IS NULL AND s.deleted_at IS NULL
    ON CONFLICT DO NOTHING;
  ELSE
    DELETE FROM home_feed h USING status_tags st
    WHERE h.account_id = OLD.account_id AND st.status_id = h.status_id AND st.tag_id = OLD.tag_id
      AND h.author_id <> OLD.account_id
      AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.account_id = OLD.account_id
        AND f.target_account_id = h.author_id AND f.state = 'accepted')
      AND NOT EXISTS (SELECT 1 FROM status_tags o JOIN tag_follows tf ON tf.tag_id = o.tag_id
        WHERE o.status_id = h.status_id AND tf.account_id = OLD.account_id AND o.tag_id <> OLD.tag_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER home_feed_tag_follows AFTER INSERT OR DELETE ON tag_follows
  FOR EACH ROW EXECUTE FUNCTION home_feed_on_tag_follows();

-- Every member's feed from what is already stored (also used after bulk loads).
CREATE FUNCTION rebuild_home_feeds() RETURNS void LANGUAGE sql AS $$
  INSERT INTO home_feed (account_id, status_id, author_id)
  SELECT f.account_id, s.id, s.account_id FROM statuses s
    JOIN follows f ON f.target_account_id = s.account_id AND f.state = 'accepted'
    JOIN users u ON u.account_id = f.account_id
  WHERE s.visibility <> 'direct' AND s.deleted_at IS NULL AND s.id > home_feed_horizon()
  UNION ALL
  SELECT s.account_id, s.id, s.account_id FROM statuses s JOIN users u ON u.account_id = s.account_id
  WHERE s.visibility <> 'direct' AND s.deleted_at IS NULL AND s.id > home_feed_horizon()
  UNION ALL
  SELECT tf.account_id, s.id, s.account_id FROM tag_follows tf
    JOIN status_tags st ON st.tag_id = tf.tag_id JOIN statuses s ON s.id = st.status_id
  WHERE s.visibility = 'public' AND s.reblog_of_id IS NULL AND s.deleted_at IS NULL
    AND s.id > home_feed_horizon()
  ON CONFLICT DO NOTHING
$$;
SELECT rebuild_home_feeds();
