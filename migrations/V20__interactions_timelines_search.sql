-- Likes, shares, bookmarks, pins, followed hashtags, counters and full-text search.

-- Hashtags. The posts work creates these same two tables; whichever migration runs first makes
-- them, the other finds them there.
CREATE TABLE IF NOT EXISTS tags (
  id    bigint PRIMARY KEY DEFAULT next_id(),
  name  text NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS status_tags (
  status_id  bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  tag_id     bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (status_id, tag_id)
);
-- Tags are looked up without regard to case, as Mastodon does; tag timelines walk by tag, newest first.
CREATE INDEX IF NOT EXISTS tags_lower_name ON tags (lower(name) text_pattern_ops);
CREATE INDEX IF NOT EXISTS status_tags_by_tag ON status_tags (tag_id, status_id DESC);

-- Hashtags a member follows: their public posts join the member's home timeline.
CREATE TABLE tag_follows (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  tag_id      bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, tag_id)
);
CREATE INDEX tag_follows_account ON tag_follows (account_id, id DESC);

-- Bookmarks are private to the member: never federated.
CREATE TABLE bookmarks (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_id   bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, status_id)
);
CREATE INDEX bookmarks_account ON bookmarks (account_id, id DESC);

-- Posts pinned to a member's profile (the featured collection); at most 5 each, as in Mastodon.
CREATE TABLE status_pins (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_id   bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, status_id)
);

-- Lists of likes and shares, newest first.
CREATE INDEX favourites_account ON favourites (account_id, id DESC);
CREATE INDEX favourites_status_page ON favourites (status_id, id DESC);
CREATE INDEX statuses_reblogs ON statuses (reblog_of_id, id DESC) WHERE reblog_of_id IS NOT NULL;
-- Home timelines read the newest posts of each followed account; direct messages never come
-- this way, so the index leaves them out and the scan needs no table rows.
CREATE INDEX statuses_home ON statuses (account_id, id DESC)
  WHERE deleted_at IS NULL AND visibility <> 'direct';
-- Whom a member follows, read without touching the table.
CREATE INDEX follows_accepted ON follows (account_id, target_account_id) WHERE state = 'accepted';
-- Public timelines: newest public posts, local or not.
CREATE INDEX statuses_public ON statuses (id DESC, local)
  WHERE deleted_at IS NULL AND visibility = 'public' AND reblog_of_id IS NULL;

-- Counters, kept by triggers in the statement that changes the rows they count, so every path
-- that writes statuses, follows or likes (the API, the inbox's batched inserts, closures) keeps
-- them exact, and reading them costs one row instead of a COUNT(*).
CREATE TABLE status_stats (
  status_id         bigint PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
  replies_count     bigint NOT NULL DEFAULT 0,
  reblogs_count     bigint NOT NULL DEFAULT 0,
  favourites_count  bigint NOT NULL DEFAULT 0
);
CREATE TABLE account_stats (
  account_id             bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  statuses_count         bigint NOT NULL DEFAULT 0,
  followers_count        bigint NOT NULL DEFAULT 0,
  following_count        bigint NOT NULL DEFAULT 0,
  follow_requests_count  bigint NOT NULL DEFAULT 0,
  last_status_at         timestamptz
);

-- A status counts for its author while not deleted; a live share counts for the shared post, a
-- live reply for its parent. Each statement's changes are summed per row first (ordered, so
-- concurrent statements lock counter rows in the same order). Decrements only update: a counter
-- row whose owner is being deleted must not be recreated.
CREATE FUNCTION status_counter_deltas(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- changes: [{account_id, reblog_of_id, in_reply_to_id, created_at, live, sign}]
  INSERT INTO account_stats AS t (account_id, statuses_count, last_status_at)
  SELECT (c->>'account_id')::bigint, sum((c->>'sign')::int), max((c->>'created_at')::timestamptz)
  FROM jsonb_array_elements(changes) c WHERE (c->>'live')::boolean
  GROUP BY 1 HAVING sum((c->>'sign')::int) > 0 ORDER BY 1
  ON CONFLICT (account_id) DO UPDATE SET statuses_count = t.statuses_count + EXCLUDED.statuses_count,
    last_status_at = greatest(t.last_status_at, EXCLUDED.last_status_at);
  UPDATE account_stats t SET statuses_count = t.statuses_count + d.delta,
    last_status_at = (SELECT max(s.created_at) FROM statuses s
                      WHERE s.account_id = d.account_id AND s.deleted_at IS NULL)
  FROM (SELECT (c->>'account_id')::bigint AS account_id, sum((c->>'sign')::int) AS delta
        FROM jsonb_array_elements(changes) c WHERE (c->>'live')::boolean
        GROUP BY 1 HAVING sum((c->>'sign')::int) < 0 ORDER BY 1) d
  WHERE t.account_id = d.account_id;

  INSERT INTO status_stats AS t (status_id, reblogs_count)
  SELECT (c->>'reblog_of_id')::bigint, sum((c->>'sign')::int)
  FROM jsonb_array_elements(changes) c
  WHERE (c->>'live')::boolean AND c->>'reblog_of_id' IS NOT NULL
  GROUP BY 1 HAVING sum((c->>'sign')::int) > 0 ORDER BY 1
  ON CONFLICT (status_id) DO UPDATE SET reblogs_count = t.reblogs_count + EXCLUDED.reblogs_count;
  UPDATE status_stats t SET reblogs_count = t.reblogs_count + d.delta
  FROM (SELECT (c->>'reblog_of_id')::bigint AS status_id, sum((c->>'sign')::int) AS delta
        FROM jsonb_array_elements(changes) c
        WHERE (c->>'live')::boolean AND c->>'reblog_of_id' IS NOT NULL
        GROUP BY 1 HAVING sum((c->>'sign')::int) < 0 ORDER BY 1) d
  WHERE t.status_id = d.status_id;

  INSERT INTO status_stats AS t (status_id, replies_count)
  SELECT (c->>'in_reply_to_id')::bigint, sum((c->>'sign')::int)
  FROM jsonb_array_elements(changes) c
  WHERE (c->>'live')::boolean AND c->>'in_reply_to_id' IS NOT NULL
    AND EXISTS (SELECT 1 FROM statuses p WHERE p.id = (c->>'in_reply_to_id')::bigint)
  GROUP BY 1 HAVING sum((c->>'sign')::int) > 0 ORDER BY 1
  ON CONFLICT (status_id) DO UPDATE SET replies_count = t.replies_count + EXCLUDED.replies_count;
  UPDATE status_stats t SET replies_count = t.replies_count + d.delta
  FROM (SELECT (c->>'in_reply_to_id')::bigint AS status_id, sum((c->>'sign')::int) AS delta
        FROM jsonb_array_elements(changes) c
        WHERE (c->>'live')::boolean AND c->>'in_reply_to_id' IS NOT NULL
        GROUP BY 1 HAVING sum((c->>'sign')::int) < 0 ORDER BY 1) d
  WHERE t.status_id = d.status_id;
END $$;

CREATE FUNCTION statuses_counted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM status_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object(
      'account_id', n.account_id, 'reblog_of_id', n.reblog_of_id, 'in_reply_to_id', n.in_reply_to_id,
      'created_at', n.created_at, 'live', n.deleted_at IS NULL, 'sign', 1)), '[]') FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION statuses_counted_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM status_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object(
      'account_id', o.account_id, 'reblog_of_id', o.reblog_of_id, 'in_reply_to_id', o.in_reply_to_id,
      'created_at', o.created_at, 'live', o.deleted_at IS NULL, 'sign', -1)), '[]') FROM old_rows o));
  RETURN NULL;
END $$;

-- An update counts as the old row leaving and the new one arriving; rows whose counted columns
-- did not change are skipped (an edit of the text costs nothing here).
CREATE FUNCTION statuses_counted_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM status_counter_deltas((SELECT coalesce(jsonb_agg(x.change), '[]') FROM (
      SELECT jsonb_build_object('account_id', o.account_id, 'reblog_of_id', o.reblog_of_id,
          'in_reply_to_id', o.in_reply_to_id, 'created_at', o.created_at,
          'live', o.deleted_at IS NULL, 'sign', -1) AS change
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.deleted_at IS NULL) IS DISTINCT FROM (n.deleted_at IS NULL)
         OR o.in_reply_to_id IS DISTINCT FROM n.in_reply_to_id
         OR o.reblog_of_id IS DISTINCT FROM n.reblog_of_id OR o.account_id <> n.account_id
      UNION ALL
      SELECT jsonb_build_object('account_id', n.account_id, 'reblog_of_id', n.reblog_of_id,
          'in_reply_to_id', n.in_reply_to_id, 'created_at', n.created_at,
          'live', n.deleted_at IS NULL, 'sign', 1)
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.deleted_at IS NULL) IS DISTINCT FROM (n.deleted_at IS NULL)
         OR o.in_reply_to_id IS DISTINCT FROM n.in_reply_to_id
         OR o.reblog_of_id IS DISTINCT FROM n.reblog_of_id OR o.account_id <> n.account_id) x));
  RETURN NULL;
END $$;

CREATE TRIGGER statuses_count_insert AFTER INSERT ON statuses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION statuses_counted_insert();
CREATE TRIGGER statuses_count_delete AFTER DELETE ON statuses REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION statuses_counted_delete();
CREATE TRIGGER statuses_count_update AFTER UPDATE ON statuses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION statuses_counted_update();

-- Likes: one per (account, status); counted on the status.
CREATE FUNCTION favourites_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO status_stats AS t (status_id, favourites_count)
    SELECT status_id, count(*) FROM new_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (status_id) DO UPDATE SET favourites_count = t.favourites_count + EXCLUDED.favourites_count;
  ELSE
    UPDATE status_stats t SET favourites_count = t.favourites_count - d.n
    FROM (SELECT status_id, count(*) AS n FROM old_rows GROUP BY 1 ORDER BY 1) d
    WHERE t.status_id = d.status_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER favourites_count_insert AFTER INSERT ON favourites REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION favourites_counted();
CREATE TRIGGER favourites_count_delete AFTER DELETE ON favourites REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION favourites_counted();

-- Follows: accepted ones count as followers and following, pending ones as requests.
CREATE FUNCTION follow_counter_deltas(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- changes: [{account_id, target_account_id, accepted, sign}]
  WITH d AS (
    SELECT id AS account_id, sum(followers) AS followers, sum(following) AS following,
           sum(requests) AS requests
    FROM (SELECT (c->>'target_account_id')::bigint AS id,
                 CASE WHEN (c->>'accepted')::boolean THEN (c->>'sign')::int ELSE 0 END AS followers,
                 0 AS following,
                 CASE WHEN (c->>'accepted')::boolean THEN 0 ELSE (c->>'sign')::int END AS requests
          FROM jsonb_array_elements(changes) c
          UNION ALL
          SELECT (c->>'account_id')::bigint, 0,
                 CASE WHEN (c->>'accepted')::boolean THEN (c->>'sign')::int ELSE 0 END, 0
          FROM jsonb_array_elements(changes) c) x
    GROUP BY id)
  INSERT INTO account_stats AS t (account_id, followers_count, following_count, follow_requests_count)
  SELECT account_id, followers, following, requests FROM d
  WHERE (followers <> 0 OR following <> 0 OR requests <> 0)
    AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = d.account_id)
  ORDER BY account_id
  ON CONFLICT (account_id) DO UPDATE SET followers_count = t.followers_count + EXCLUDED.followers_count,
    following_count = t.following_count + EXCLUDED.following_count,
    follow_requests_count = t.follow_requests_count + EXCLUDED.follow_requests_count;
END $$;

CREATE FUNCTION follows_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object('account_id',
        n.account_id, 'target_account_id', n.target_account_id, 'accepted', n.state = 'accepted',
        'sign', 1)), '[]') FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM follow_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object('account_id',
        o.account_id, 'target_account_id', o.target_account_id, 'accepted', o.state = 'accepted',
        'sign', -1)), '[]') FROM old_rows o));
  ELSE
    PERFORM follow_counter_deltas((SELECT coalesce(jsonb_agg(x.change), '[]') FROM (
        SELECT jsonb_build_object('account_id', o.account_id, 'target_account_id',
            o.target_account_id, 'accepted', o.state = 'accepted', 'sign', -1) AS change
        FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.state <> n.state
        UNION ALL
        SELECT jsonb_build_object('account_id', n.account_id, 'target_account_id',
            n.target_account_id, 'accepted', n.state = 'accepted', 'sign', 1)
        FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.state <> n.state) x));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER follows_count_insert AFTER INSERT ON follows REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION follows_counted();
CREATE TRIGGER follows_count_delete AFTER DELETE ON follows REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION follows_counted();
CREATE TRIGGER follows_count_update AFTER UPDATE ON follows
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION follows_counted();

-- Counters for what is already stored.
INSERT INTO account_stats (account_id, statuses_count, followers_count, following_count,
    follow_requests_count, last_status_at)
SELECT a.id,
  (SELECT count(*) FROM statuses s WHERE s.account_id = a.id AND s.deleted_at IS NULL),
  (SELECT count(*) FROM follows f WHERE f.target_account_id = a.id AND f.state = 'accepted'),
  (SELECT count(*) FROM follows f WHERE f.account_id = a.id AND f.state = 'accepted'),
  (SELECT count(*) FROM follows f WHERE f.target_account_id = a.id AND f.state = 'pending'),
  (SELECT max(s.created_at) FROM statuses s WHERE s.account_id = a.id AND s.deleted_at IS NULL)
FROM accounts a;
INSERT INTO status_stats (status_id, replies_count, reblogs_count, favourites_count)
SELECT s.id,
  (SELECT count(*) FROM statuses c WHERE c.in_reply_to_id = s.id AND c.deleted_at IS NULL),
  (SELECT count(*) FROM statuses r WHERE r.reblog_of_id = s.id AND r.deleted_at IS NULL),
  (SELECT count(*) FROM favourites f WHERE f.status_id = s.id)
FROM statuses s WHERE s.reblog_of_id IS NULL;

-- Full-text search of public and unlisted posts, in any language: the 'simple' configuration
-- lower-cases and splits words without stemming for one language. HTML tags are not words.
CREATE FUNCTION status_search_document(content text, spoiler_text text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig,
    coalesce(spoiler_text, '') || ' ' || regexp_replace(coalesce(content, ''), '<[^>]*>', ' ', 'g'))
$$;
ALTER TABLE statuses ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
  CASE WHEN visibility IN ('public', 'unlisted') AND reblog_of_id IS NULL
    THEN status_search_document(content, spoiler_text) END) STORED;
CREATE INDEX statuses_search ON statuses USING gin (search_document)
  WHERE search_document IS NOT NULL AND deleted_at IS NULL;
