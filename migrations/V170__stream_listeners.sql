-- NOTIFY has a price on every write path (commits of notifying transactions are serialised), so
-- the streaming triggers notify only while some Plutro process has streaming clients: each such
-- process keeps a row here, refreshed every 30 seconds and removed when its last client leaves.
CREATE TABLE stream_listeners (
  process_id  text PRIMARY KEY,
  seen_at     timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION stream_wanted() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM stream_listeners WHERE seen_at > now() - interval '90 seconds') $$;

CREATE OR REPLACE FUNCTION stream_home_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stream_wanted() THEN
    PERFORM pg_notify('plutro_stream', 'home:' || n.account_id || ':' || n.status_id)
    FROM new_rows n
    WHERE n.status_id > ((extract(epoch FROM now()) * 1000)::bigint - 60000) << 16;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stream_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stream_wanted() THEN
    PERFORM pg_notify('plutro_stream', CASE WHEN s.visibility = 'direct' THEN 'direct:' ELSE 'public:' END || s.id)
    FROM new_rows s
    WHERE ((s.visibility = 'public' AND s.reblog_of_id IS NULL) OR s.visibility = 'direct')
      AND s.id > ((extract(epoch FROM now()) * 1000)::bigint - 60000) << 16;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stream_status_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT stream_wanted() THEN
    RETURN NULL;
  END IF;
  IF NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN
    PERFORM pg_notify('plutro_stream', 'delete:' || NEW.id);
  ELSIF NEW.edited_at IS DISTINCT FROM OLD.edited_at AND NEW.deleted_at IS NULL THEN
    PERFORM pg_notify('plutro_stream', 'edit:' || NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stream_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stream_wanted() THEN
    PERFORM pg_notify('plutro_stream', 'notification:' || n.account_id || ':' || n.id) FROM new_rows n;
  END IF;
  RETURN NULL;
END $$;
