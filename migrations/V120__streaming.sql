-- Streaming: the database tells every Plutro process what to push to connected clients, by ids
-- only (NOTIFY payloads are small and are delivered at commit, when the rows are readable).
-- Payloads on channel plutro_stream: home:<account>:<status>, public:<status>, direct:<status>,
-- notification:<account>:<notification>, delete:<status>, edit:<status>.

-- A post reaching a member's home (only fresh ones: a follow's backfill is not news).
CREATE FUNCTION stream_home_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plutro_stream', 'home:' || n.account_id || ':' || n.status_id)
  FROM new_rows n
  WHERE n.status_id > ((extract(epoch FROM now()) * 1000)::bigint - 60000) << 16;
  RETURN NULL;
END $$;
CREATE TRIGGER stream_home_feed AFTER INSERT ON home_feed REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stream_home_feed();

-- Public posts (not shares) for the public and hashtag streams; direct ones for participants.
CREATE FUNCTION stream_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plutro_stream', CASE WHEN s.visibility = 'direct' THEN 'direct:' ELSE 'public:' END || s.id)
  FROM new_rows s
  WHERE ((s.visibility = 'public' AND s.reblog_of_id IS NULL) OR s.visibility = 'direct')
    AND s.id > ((extract(epoch FROM now()) * 1000)::bigint - 60000) << 16;
  RETURN NULL;
END $$;
CREATE TRIGGER stream_statuses AFTER INSERT ON statuses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stream_statuses();

CREATE FUNCTION stream_status_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN
    PERFORM pg_notify('plutro_stream', 'delete:' || NEW.id);
  ELSIF NEW.edited_at IS DISTINCT FROM OLD.edited_at AND NEW.deleted_at IS NULL THEN
    PERFORM pg_notify('plutro_stream', 'edit:' || NEW.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stream_status_changes AFTER UPDATE OF deleted_at, edited_at ON statuses
  FOR EACH ROW EXECUTE FUNCTION stream_status_changes();

CREATE FUNCTION stream_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plutro_stream', 'notification:' || n.account_id || ':' || n.id) FROM new_rows n;
  RETURN NULL;
END $$;
CREATE TRIGGER stream_notifications AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stream_notifications();
