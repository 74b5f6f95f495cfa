-- A member's email address is proven by a link mailed to it: a new account is unconfirmed until
-- its link is opened (accounts made before this version, and those an admin makes with the command
-- line, are confirmed). The same kind of link resets a forgotten password and confirms a new
-- address. With registrations = approval, a new account also waits for a moderator, with the
-- reason it gave.
ALTER TABLE users
  ADD COLUMN approved boolean NOT NULL DEFAULT true,
  ADD COLUMN sign_up_reason text,
  ADD COLUMN unconfirmed_email text;            -- an address change waiting for its link
-- Tokens now live in user_links, hashed; this one was written and never read.
ALTER TABLE users DROP COLUMN confirmation_token;
CREATE INDEX users_pending ON users (account_id) WHERE NOT approved;
-- Sign-ins through the site's own sign-in page.
ALTER TABLE sign_ins DROP CONSTRAINT sign_ins_method_check,
  ADD CONSTRAINT sign_ins_method_check CHECK (method IN ('password', 'authorize', 'settings', 'web'));

-- The links mailed to members, each used once and only until it expires. Only a hash of the
-- token is kept: the database alone cannot open anyone's account.
CREATE TABLE user_links (
  token_hash  bytea PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES users (account_id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('confirmation', 'password_reset', 'email_change')),
  email       text NOT NULL,                    -- the address the link was sent to
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_links_account ON user_links (account_id, purpose);
