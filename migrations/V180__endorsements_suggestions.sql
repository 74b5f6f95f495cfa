-- Accounts a member features on their profile (Mastodon's endorsements), and suggestions a member
-- dismissed (never suggested again).
CREATE TABLE account_pins (
  id                 bigint PRIMARY KEY DEFAULT next_id(),
  account_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, target_account_id)
);
CREATE TABLE suggestion_dismissals (
  account_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (account_id, target_account_id)
);
