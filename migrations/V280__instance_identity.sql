-- The public URL the instance was created with. Every actor, key and object id starts with it, and
-- other servers know us by it: it cannot change, and a start with another one is refused.
CREATE TABLE instance_identity (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  public_url  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- An instance created before this table: its instance actor's id (<public URL>/actor) tells.
INSERT INTO instance_identity (public_url)
SELECT left(uri, length(uri) - length('/actor')) FROM accounts
WHERE domain IS NULL AND username = 'instance.actor' AND uri LIKE '%/actor';
