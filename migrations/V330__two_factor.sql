-- Two-factor sign-in with TOTP (RFC 6238) and one-time recovery codes.
-- The TOTP secret is stored encrypted (AES-GCM) with a key kept in the data folder, so a copy of
-- the database alone does not give away anyone's second factor. enabled_at is NULL while a member
-- is setting it up (the secret is then shown on the set-up page, and never after).
-- last_used_step: the time step of the last code accepted; a code of that step or an older one
-- is refused, so a code works only once.
CREATE TABLE two_factor (
  account_id       bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  secret_sealed    bytea NOT NULL,
  enabled_at       timestamptz,
  last_used_step   bigint,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Recovery codes, each usable once; only their SHA-256 is kept (they are random, 50 bits).
CREATE TABLE two_factor_recovery_codes (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash   bytea NOT NULL,
  used_at     timestamptz
);
CREATE INDEX two_factor_recovery_codes_account ON two_factor_recovery_codes (account_id);

-- The half-signed-in state between a right password and the code: bound to the browser's
-- (anonymous) session, short-lived, and given up after a few wrong codes. It is not a session:
-- only a right code turns the browser's session into a signed-in one.
CREATE TABLE two_factor_challenges (
  session_id  bigint PRIMARY KEY REFERENCES web_sessions (id) ON DELETE CASCADE,
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  login       text NOT NULL,
  via         text NOT NULL,
  return_to   text NOT NULL DEFAULT '',
  failures    int NOT NULL DEFAULT 0,
  expires_at  timestamptz NOT NULL
);

ALTER TABLE sign_ins DROP CONSTRAINT sign_ins_method_check,
  ADD CONSTRAINT sign_ins_method_check CHECK (method IN ('password', 'authorize', 'settings', 'web',
    'web+totp', 'web+recovery_code', 'authorize+totp', 'authorize+recovery_code'));
