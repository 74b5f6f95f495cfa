-- Invitations, for instances with registrations = invite. A member (or an admin from the command
-- line) creates one; each registration with its code uses it once.
CREATE TABLE invites (
  id                  bigint PRIMARY KEY DEFAULT next_id(),
  code                text NOT NULL UNIQUE,
  inviter_account_id  bigint REFERENCES accounts (id) ON DELETE CASCADE,
  max_uses            integer,
  uses                integer NOT NULL DEFAULT 0,
  expires_at          timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users ADD COLUMN invite_id bigint REFERENCES invites (id) ON DELETE SET NULL;
