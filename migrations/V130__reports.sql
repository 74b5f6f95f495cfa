-- Reports (policy 4.5): by a local member, or by a remote server (an incoming Flag, whose actor
-- is then the reporter); they wait in the moderation queue until an admin resolves them.
CREATE TABLE reports (
  id                   bigint PRIMARY KEY DEFAULT next_id(),
  account_id           bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,   -- reporter
  target_account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_ids           bigint[] NOT NULL DEFAULT '{}',
  comment              text NOT NULL DEFAULT '',
  category             text NOT NULL DEFAULT 'other'
                         CHECK (category IN ('spam', 'legal', 'violation', 'other')),
  rule_ids             text[] NOT NULL DEFAULT '{}',
  forwarded            boolean NOT NULL DEFAULT false,
  uri                  text UNIQUE,                -- the Flag activity's id, ours or theirs
  assigned_account_id  bigint REFERENCES accounts (id) ON DELETE SET NULL,
  action_taken_at      timestamptz,
  action_taken_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_unresolved ON reports (id DESC) WHERE action_taken_at IS NULL;
CREATE INDEX reports_target ON reports (target_account_id);
