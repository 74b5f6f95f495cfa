-- Suggestions for one member (policy 1 and 4, by consent, policy 7.3): off unless the member turns
-- them on. What is derived from their own posts, likes, shares and followed hashtags is kept here,
-- one row per suggested hashtag or account with the reason shown to them, and deleted when they
-- turn suggestions off.
ALTER TABLE users ADD COLUMN personal_suggestions boolean NOT NULL DEFAULT false;

CREATE TABLE personal_suggestions (
  account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('tag', 'account')),
  target_id    bigint NOT NULL,
  -- Why: 'posted' (their own posts with the hashtag), 'liked', 'shared' (posts with the hashtag,
  -- or by the account), 'followed_tag' (used with / posting under a hashtag they follow: via_tag_id).
  reason       text NOT NULL CHECK (reason IN ('posted', 'liked', 'shared', 'followed_tag')),
  count        int NOT NULL,
  via_tag_id   bigint REFERENCES tags (id) ON DELETE CASCADE,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, kind, target_id)
);
