-- Follows in both directions and between local members. A follow of a locked account, or one
-- sent to a remote actor, stays 'pending' until it is accepted; a rejection deletes it.
CREATE TABLE follows (
  id                 bigint PRIMARY KEY DEFAULT next_id(),
  account_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,  -- follower
  target_account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,  -- followed
  uri                text UNIQUE,                    -- id of the Follow activity
  state              text NOT NULL CHECK (state IN ('pending', 'accepted')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  accepted_at        timestamptz,
  UNIQUE (account_id, target_account_id)
);
CREATE INDEX follows_target ON follows (target_account_id, state, id);
CREATE INDEX follows_follower ON follows (account_id, state, id);

-- Posts, local and remote (remote ones are a cache of what was delivered or fetched).
CREATE TABLE statuses (
  id                      bigint PRIMARY KEY DEFAULT next_id(),
  uri                     text NOT NULL UNIQUE,
  url                     text,
  account_id              bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  local                   boolean NOT NULL,
  in_reply_to_id          bigint REFERENCES statuses (id) ON DELETE SET NULL,
  in_reply_to_uri         text,
  content                 text NOT NULL DEFAULT '',    -- HTML
  source_text             text,                        -- what a local member typed
  spoiler_text            text NOT NULL DEFAULT '',
  sensitive               boolean NOT NULL DEFAULT false,
  language                text,
  visibility              text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private', 'direct')),
  to_uris                 text[] NOT NULL DEFAULT '{}',
  cc_uris                 text[] NOT NULL DEFAULT '{}',
  created_at              timestamptz NOT NULL DEFAULT now(),   -- 'published'
  edited_at               timestamptz,
  deleted_at              timestamptz
);
CREATE INDEX statuses_account ON statuses (account_id, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX statuses_in_reply_to ON statuses (in_reply_to_id) WHERE in_reply_to_id IS NOT NULL;

-- Shares (Announce) are statuses that point at the shared one, as in Mastodon.
ALTER TABLE statuses ADD COLUMN reblog_of_id bigint REFERENCES statuses (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX statuses_one_reblog ON statuses (account_id, reblog_of_id) WHERE reblog_of_id IS NOT NULL;

-- Likes (Like activities), local and remote.
CREATE TABLE favourites (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_id   bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  uri         text UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, status_id)
);
CREATE INDEX favourites_status ON favourites (status_id);

-- Blocks: a blocked actor's follows are removed both ways and its deliveries refused.
CREATE TABLE blocks (
  id                 bigint PRIMARY KEY DEFAULT next_id(),
  account_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  uri                text UNIQUE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, target_account_id)
);
CREATE INDEX blocks_target ON blocks (target_account_id);

-- Activity ids already taken in by an inbox: a repeated delivery is a no-op.
CREATE TABLE inbox_seen (
  uri          text PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- The durable job queue, shared by every server process on this database. A worker claims due
-- jobs with FOR UPDATE SKIP LOCKED and holds a lease (locked_until); a crashed worker's job
-- comes back when its lease ends.
CREATE TABLE jobs (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  kind          text NOT NULL,
  payload       jsonb NOT NULL,
  run_at        timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at);

-- Activities we publish, stored once; deliveries point at them.
CREATE TABLE outbound_activities (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  uri         text NOT NULL UNIQUE,
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,  -- signer
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per (activity, inbox): the delivery queue and its record of what reached whom.
CREATE TABLE deliveries (
  id               bigint PRIMARY KEY DEFAULT next_id(),
  activity_id      bigint NOT NULL REFERENCES outbound_activities (id) ON DELETE CASCADE,
  inbox_url        text NOT NULL,
  domain           text NOT NULL,
  state            text NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  UNIQUE (activity_id, inbox_url)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'queued';
CREATE INDEX deliveries_domain ON deliveries (domain, state);

-- Remote instances: availability for delivery (failures on 7 distinct days make one unavailable).
CREATE TABLE instances (
  domain              text PRIMARY KEY,
  first_failure_at    timestamptz,       -- start of the current run of failures
  failure_days        integer NOT NULL DEFAULT 0,
  last_failure_day    date,
  unavailable_since   timestamptz,       -- set after failures on 7 distinct days; cleared by any success
  last_success_at     timestamptz,
  last_seen_at        timestamptz        -- last time it sent us something
);
