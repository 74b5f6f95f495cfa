-- Relays this instance subscribes to (the Mastodon/LitePub relay protocol): our instance actor
-- follows the public collection at the relay's inbox; public posts are sent there, and what the
-- relay shares comes in like any share.
CREATE TABLE relays (
  id                  bigint PRIMARY KEY DEFAULT next_id(),
  inbox_url           text NOT NULL UNIQUE,
  follow_activity_id  text NOT NULL UNIQUE,
  state               text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
  created_at          timestamptz NOT NULL DEFAULT now()
);
