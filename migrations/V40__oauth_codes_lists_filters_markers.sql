-- OAuth authorization codes (RFC 6749 §4.1), stored as SHA-256 hashes like tokens. A code is
-- single-use and lives 10 minutes; code_challenge is the PKCE S256 challenge (RFC 7636).
CREATE TABLE oauth_codes (
  id              bigint PRIMARY KEY DEFAULT next_id(),
  code_hash       bytea NOT NULL UNIQUE,
  app_id          bigint NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
  account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  redirect_uri    text NOT NULL,
  scopes          text[] NOT NULL,
  code_challenge  text,
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- The code a token was exchanged for: a second use of the code revokes it (RFC 6749 §4.1.2).
ALTER TABLE oauth_tokens ADD COLUMN code_id bigint REFERENCES oauth_codes (id) ON DELETE SET NULL;
CREATE INDEX oauth_tokens_code ON oauth_tokens (code_id) WHERE code_id IS NOT NULL;

-- Browser sessions of the sign-in and consent pages. The cookie holds a random id, stored hashed;
-- the CSRF token of every form is bound to the session.
CREATE TABLE web_sessions (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  session_hash  bytea NOT NULL UNIQUE,
  account_id    bigint REFERENCES accounts (id) ON DELETE CASCADE,   -- NULL until signed in
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);

-- Failed sign-ins, to throttle password guessing per login and per address (shared by every
-- server process on this database).
CREATE TABLE sign_in_failures (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  login       text NOT NULL,
  address     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_login ON sign_in_failures (lower(login), created_at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, created_at);

-- Members who signed in or used a token, per week (Monday): the instance activity's logins.
CREATE TABLE login_weeks (
  week        date NOT NULL,
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (week, account_id)
);

-- Saved reading positions (Mastodon markers); version grows with every save.
CREATE TABLE markers (
  account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  timeline      text NOT NULL CHECK (timeline IN ('home', 'notifications')),
  last_read_id  bigint NOT NULL,
  version       integer NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, timeline)
);

-- Lists of followed accounts. A member leaves the list when the follow ends (the follow row
-- cascades), as in Mastodon.
CREATE TABLE lists (
  id              bigint PRIMARY KEY DEFAULT next_id(),
  account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title           text NOT NULL,
  replies_policy  text NOT NULL DEFAULT 'list' CHECK (replies_policy IN ('followed', 'list', 'none')),
  exclusive       boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lists_account ON lists (account_id, id);

CREATE TABLE list_accounts (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  list_id     bigint NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  follow_id   bigint REFERENCES follows (id) ON DELETE CASCADE,     -- NULL for the owner themself
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (list_id, account_id)
);
CREATE INDEX list_accounts_account ON list_accounts (account_id);

-- Filters (v2): a titled group of keywords and statuses with contexts, an action and an expiry.
-- The v1 API presents each keyword as one filter.
CREATE TABLE filters (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title       text NOT NULL,
  context     text[] NOT NULL,
  action      text NOT NULL DEFAULT 'warn' CHECK (action IN ('warn', 'hide', 'blur')),
  expires_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX filters_account ON filters (account_id, id);

CREATE TABLE filter_keywords (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  filter_id   bigint NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
  keyword     text NOT NULL,
  whole_word  boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX filter_keywords_filter ON filter_keywords (filter_id, id);

CREATE TABLE filter_statuses (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  filter_id   bigint NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
  status_id   bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (filter_id, status_id)
);

-- Service messages from the instance's admins (policy 4.2), shown to every member until they
-- dismiss them; reactions are Unicode emoji.
CREATE TABLE announcements (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  text          text NOT NULL,                       -- HTML
  starts_at     timestamptz,
  ends_at       timestamptz,
  all_day       boolean NOT NULL DEFAULT false,
  published_at  timestamptz NOT NULL DEFAULT now(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE announcement_dismissals (
  announcement_id  bigint NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
  account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (announcement_id, account_id)
);

CREATE TABLE announcement_reactions (
  announcement_id  bigint NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
  account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name             text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (announcement_id, account_id, name)
);
