-- Custom emoji: ours (domain null, added by an admin, the image a media file of ours) and those
-- of other servers (taken from the Emoji tags of their posts and actors, the image their URL).
-- A post or profile names an emoji by :shortcode: in its text; which one is meant depends on the
-- author's domain, as in Mastodon.
CREATE TABLE custom_emojis (
  id                 bigint PRIMARY KEY DEFAULT next_id(),
  shortcode          text NOT NULL,
  domain             text,
  image_url          text,
  file_name          text,
  static_file_name   text,
  media_type         text,
  visible_in_picker  boolean NOT NULL DEFAULT true,
  category           text,
  uri                text,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((domain IS NULL AND file_name IS NOT NULL) OR (domain IS NOT NULL AND image_url IS NOT NULL)),
  UNIQUE NULLS NOT DISTINCT (shortcode, domain)
);
