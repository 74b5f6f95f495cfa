-- A remote post's id comes from when it was published (never later than now), as Mastodon's
-- does: a post fetched late (a thread's earlier replies, an account's older posts) takes its
-- place in time on profiles and timelines, not the top.
CREATE FUNCTION next_id_at(at timestamptz) RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT ((floor(extract(epoch FROM greatest(least(at, clock_timestamp()), '2000-01-01'::timestamptz))
           * 1000))::bigint << 16)
         | (nextval('id_sequence') & 65535)
$$;

-- When a remote account's posts or a thread's replies were last fetched because a member looked:
-- fetched again only after a while.
CREATE TABLE remote_backfills (
  kind        text NOT NULL,
  subject     bigint NOT NULL,
  fetched_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, subject)
);
