-- Trends (policy 1: topics people may like): hashtags ('tag', item a tags.id), posts ('status', a
-- statuses.id) and links ('link', a preview_cards.id) rising on this instance. The periodic job
-- (service Trends) scores them as Mastodon does: distinct accounts today against yesterday, the best
-- score decaying by half-lives. Nothing is shown before a moderator approved it; the decision
-- outlives the score, so a rejected item stays hidden when it rises again.
CREATE TABLE trends (
  kind          text NOT NULL CHECK (kind IN ('tag', 'status', 'link')),
  item_id       bigint NOT NULL,
  score         double precision NOT NULL DEFAULT 0,
  max_score     double precision NOT NULL DEFAULT 0,
  max_score_at  timestamptz,
  review        text NOT NULL DEFAULT 'pending' CHECK (review IN ('pending', 'approved', 'rejected')),
  reviewed_at   timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, item_id)
);
CREATE INDEX trends_rising ON trends (kind, score DESC) WHERE score > 0;
