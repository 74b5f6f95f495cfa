-- Who a post mentions (Mention tags, and local actors a remote post addresses without a tag:
-- "silent" mentions, as Mastodon calls them). A mention lets its account see a followers-only or
-- direct post, and a direct post is delivered to its mentions only.
CREATE TABLE mentions (
  status_id   bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  silent      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (status_id, account_id)
);
CREATE INDEX mentions_account ON mentions (account_id, status_id);

-- Hashtags (tags, status_tags) are created by V20; names are stored lower-case.

-- Every version of an edited post, the original included, oldest first (the edit history).
CREATE TABLE status_edits (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  status_id     bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  content       text NOT NULL,
  source_text   text,
  spoiler_text  text NOT NULL DEFAULT '',
  sensitive     boolean NOT NULL DEFAULT false,
  language      text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_edits_status ON status_edits (status_id, id);

-- Idempotency-Key of POST /api/v1/statuses: the same key from the same member within an hour
-- answers the first post instead of creating another.
CREATE TABLE status_idempotency_keys (
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key         text NOT NULL,
  status_id   bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key)
);

-- A reply that arrived before its parent is linked when the parent arrives.
CREATE INDEX statuses_orphan_replies ON statuses (in_reply_to_uri)
  WHERE in_reply_to_id IS NULL AND in_reply_to_uri IS NOT NULL;

-- Notifications of local members. A status-bound notification of the same kind from the same
-- account is kept once (a replayed Like does not notify twice); edits notify each time.
CREATE TABLE notifications (
  id               bigint PRIMARY KEY DEFAULT next_id(),
  account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,   -- recipient
  type             text NOT NULL CHECK (type IN ('mention', 'status', 'reblog', 'follow',
                     'follow_request', 'favourite', 'poll', 'update')),
  from_account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_id        bigint REFERENCES statuses (id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_account ON notifications (account_id, id DESC);
CREATE UNIQUE INDEX notifications_once ON notifications (account_id, type, from_account_id, status_id)
  WHERE status_id IS NOT NULL AND type <> 'update';
