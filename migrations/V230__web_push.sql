-- Web Push (Mastodon's API): one subscription per access token. The token itself is kept because
-- Mastodon's push payload carries it (apps use it to tell which account a push is for); revoking
-- the token ends the subscription.
CREATE TABLE push_subscriptions (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  token_id      bigint NOT NULL UNIQUE REFERENCES oauth_tokens (id) ON DELETE CASCADE,
  account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  access_token  text NOT NULL,
  endpoint      text NOT NULL,
  p256dh        text NOT NULL,
  auth          text NOT NULL,
  standard      boolean NOT NULL DEFAULT false,
  alerts        text[] NOT NULL DEFAULT '{}',
  policy        text NOT NULL DEFAULT 'all' CHECK (policy IN ('all', 'followed', 'follower', 'none')),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);

-- The instance's VAPID key pair (RFC 8292), made once by whichever process needs it first.
CREATE TABLE vapid_keys (
  id           int PRIMARY KEY CHECK (id = 1),
  private_key  text NOT NULL,
  public_key   text NOT NULL
);

-- A notification queues one push job per subscription that wants it: its type among the alerts,
-- and the policy (everyone, accounts the member follows, accounts following the member) allowing
-- who caused it.
CREATE FUNCTION queue_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO jobs (kind, payload)
  SELECT 'push.notification', jsonb_build_object('notification', NEW.id, 'subscription', p.id)
  FROM push_subscriptions p
  WHERE p.account_id = NEW.account_id AND NEW.type = ANY (p.alerts)
    AND (p.policy = 'all'
      OR (p.policy = 'followed' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = NEW.account_id
            AND f.target_account_id = NEW.from_account_id AND f.state = 'accepted'))
      OR (p.policy = 'follower' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = NEW.from_account_id
            AND f.target_account_id = NEW.account_id AND f.state = 'accepted')));
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_push AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION queue_pushes();

-- A revoked token's subscription ends with it (its app no longer reads this account).
CREATE FUNCTION end_revoked_push() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM push_subscriptions WHERE token_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER oauth_tokens_end_push AFTER UPDATE OF revoked_at ON oauth_tokens
  FOR EACH ROW WHEN (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL)
  EXECUTE FUNCTION end_revoked_push();
