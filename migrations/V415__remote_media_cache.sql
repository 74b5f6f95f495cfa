-- Remote media (attachments, avatars, headers, emoji, preview card images) copied to this server,
-- so that members' browsers load them from us and never from their origin. One row per origin
-- URL: either the stored files (under data/media-cache) or why the URL is not cached.
CREATE TABLE remote_media (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  url           text NOT NULL UNIQUE,
  kind          text NOT NULL,
  -- Whose it is (a post's author, an actor), to purge with the account; null for emoji and cards.
  account_id    bigint,
  content_type  text,
  file_name     text,
  preview_name  text,
  file_size     bigint NOT NULL DEFAULT 0,
  width         int,
  height        int,
  blurhash      text,
  -- Why it is not cached (too large, not an image, refused by the origin); null when it is.
  failure       text,
  fetched_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX remote_media_by_age ON remote_media (fetched_at);
CREATE INDEX remote_media_by_account ON remote_media (account_id) WHERE account_id IS NOT NULL;
