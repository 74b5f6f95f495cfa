-- Admins edit the instance from /admin: announcements can be unpublished (no published_at: a
-- draft nobody sees), the rules live here once an admin edits them (rules.txt is copied in at
-- the first edit), and the about and privacy texts override the settings and files they come
-- from by default.
ALTER TABLE announcements ALTER COLUMN published_at DROP NOT NULL;
-- The plain text an admin typed, to edit it again (text holds it rendered as HTML).
ALTER TABLE announcements ADD COLUMN source text;

CREATE TABLE instance_rules (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  position    integer NOT NULL,
  text        text NOT NULL,
  hint        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX instance_rules_order ON instance_rules (position, id);

-- One row per text an admin wrote: 'short_description', 'extended_description',
-- 'privacy_policy', and 'rules' (its presence says the rules live in instance_rules).
CREATE TABLE instance_texts (
  name        text PRIMARY KEY,
  value       text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
