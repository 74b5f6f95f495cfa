-- Push jobs (V230) are queued once per statement that inserts notifications, not once per row: a
-- batch of posts arriving with mentions inserts its notifications in one statement, and the row
-- trigger ran its INSERT into jobs for each of them (half a statement per delivered post in the
-- inbox benchmark's mix), whether or not the member had any subscription. Same jobs as before:
-- one per inserted notification and subscription that wants it.
CREATE OR REPLACE FUNCTION queue_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO jobs (kind, payload)
  SELECT 'push.notification', jsonb_build_object('notification', n.id, 'subscription', p.id)
  FROM new_rows n
  JOIN push_subscriptions p ON p.account_id = n.account_id
  WHERE n.type = ANY (p.alerts)
    AND (p.policy = 'all'
      OR (p.policy = 'followed' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = n.account_id
            AND f.target_account_id = n.from_account_id AND f.state = 'accepted'))
      OR (p.policy = 'follower' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = n.from_account_id
            AND f.target_account_id = n.account_id AND f.state = 'accepted')))
  ORDER BY n.id, p.id;
  RETURN NULL;
END $$;
DROP TRIGGER notifications_push ON notifications;
CREATE TRIGGER notifications_push AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION queue_pushes();
