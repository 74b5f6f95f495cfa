-- Sign-ins (policy 2.4, 2.5): when, from where, with what; a member sees their own history.
-- IP addresses here and on tokens are erased after PLUTRO_IP_RETENTION_DAYS by housekeeping.
CREATE TABLE sign_ins (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  address     text,
  user_agent  text,
  method      text NOT NULL CHECK (method IN ('password', 'authorize', 'settings')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_ins_account ON sign_ins (account_id, id DESC);

-- A token's last address and device, refreshed when its use is recorded (hourly at most).
ALTER TABLE oauth_tokens ADD COLUMN last_address text, ADD COLUMN user_agent text;
