-- Moderators' actions on one account, as Mastodon's admin API takes them: suspend (reversible:
-- the account and its posts are withdrawn, its sessions refused), silence ("limit": its posts leave
-- public timelines for those who do not follow it), mark its media sensitive, and disable a
-- member's sign-in.
ALTER TABLE accounts
  ADD COLUMN suspended_at timestamptz,
  ADD COLUMN silenced_at timestamptz,
  ADD COLUMN sensitized_at timestamptz;
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;
CREATE INDEX accounts_suspended ON accounts (id) WHERE suspended_at IS NOT NULL;
