-- Ids are time-ordered 64-bit numbers (milliseconds << 16 | sequence), like Mastodon's: they sort
-- by creation time, which is what the API's max_id/since_id pagination relies on.
CREATE SEQUENCE id_sequence;

CREATE FUNCTION next_id() RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT ((floor(extract(epoch FROM clock_timestamp()) * 1000))::bigint << 16)
         | (nextval('id_sequence') & 65535)
$$;

-- Every actor we know: our members (domain IS NULL), the instance actor, and cached remote actors.
CREATE TABLE accounts (
  id                bigint PRIMARY KEY DEFAULT next_id(),
  username          text NOT NULL,
  domain            text,                              -- host[:port] of a remote actor; NULL when local
  uri               text NOT NULL UNIQUE,              -- ActivityPub id
  url               text,                              -- HTML profile
  actor_type        text NOT NULL DEFAULT 'Person',
  display_name      text NOT NULL DEFAULT '',
  note              text NOT NULL DEFAULT '',          -- HTML
  note_source       text NOT NULL DEFAULT '',          -- what a local member typed
  avatar_url        text,
  header_url        text,
  fields            jsonb NOT NULL DEFAULT '[]',
  locked            boolean NOT NULL DEFAULT false,
  bot               boolean NOT NULL DEFAULT false,
  discoverable      boolean NOT NULL DEFAULT true,
  indexable         boolean NOT NULL DEFAULT true,
  hide_collections  boolean NOT NULL DEFAULT false,
  inbox_url         text,
  shared_inbox_url  text,
  outbox_url        text,
  followers_url     text,
  following_url     text,
  featured_url      text,
  public_key_id     text,
  public_key_pem    text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  fetched_at        timestamptz,                       -- when a remote actor was last fetched
  deleted_at        timestamptz
);
-- Usernames are unique without regard to case, per domain; a closed account keeps its name.
CREATE UNIQUE INDEX accounts_username_domain ON accounts (lower(username), coalesce(lower(domain), ''));
CREATE INDEX accounts_public_key_id ON accounts (public_key_id);

-- Credentials and preferences of local members.
CREATE TABLE users (
  account_id          bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  email               text NOT NULL,
  password_hash       text NOT NULL,                   -- Argon2id, PHC string format
  locale              text NOT NULL DEFAULT 'en',
  role                text NOT NULL DEFAULT 'user',
  confirmation_token  text,
  confirmed_at        timestamptz,
  default_privacy     text NOT NULL DEFAULT 'public',
  default_sensitive   boolean NOT NULL DEFAULT false,
  default_language    text,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- Signing keys of local actors (members and the instance actor).
CREATE TABLE actor_keys (
  account_id           bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  rsa_private_pem      text NOT NULL,
  rsa_public_pem       text NOT NULL,
  ed25519_private_pem  text NOT NULL,
  ed25519_public_pem   text NOT NULL
);

CREATE TABLE oauth_apps (
  id                  bigint PRIMARY KEY DEFAULT next_id(),
  name                text NOT NULL,
  website             text,
  redirect_uris       text[] NOT NULL,
  scopes              text[] NOT NULL,
  client_id           text NOT NULL UNIQUE,
  client_secret_hash  bytea NOT NULL,                  -- SHA-256 of the secret
  created_at          timestamptz NOT NULL DEFAULT now()
);

-- Access tokens are stored as SHA-256 hashes: a leaked table reveals no usable token.
CREATE TABLE oauth_tokens (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  token_hash    bytea NOT NULL UNIQUE,
  app_id        bigint REFERENCES oauth_apps (id) ON DELETE CASCADE,
  account_id    bigint REFERENCES accounts (id) ON DELETE CASCADE,  -- NULL for client_credentials
  scopes        text[] NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX oauth_tokens_account ON oauth_tokens (account_id) WHERE revoked_at IS NULL;
