-- Account migration (Move), as Mastodon: the other actors an account says it also is
-- (alsoKnownAs: a move's target must name its origin there), and where it moved to.
ALTER TABLE accounts ADD COLUMN also_known_as text[] NOT NULL DEFAULT '{}',
  ADD COLUMN moved_to_uri text;
