-- Polls (ActivityStreams Question), ours and remote ones. The tallies are kept on the poll: for
-- ours, updated with each vote in the same transaction; for remote ones, as their origin reports
-- them (Question replies.totalItems) plus our members' votes on their way there.
CREATE TABLE polls (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  status_id     bigint NOT NULL UNIQUE REFERENCES statuses (id) ON DELETE CASCADE,
  account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  options       text[] NOT NULL,
  tallies       bigint[] NOT NULL,
  multiple      boolean NOT NULL DEFAULT false,
  hide_totals   boolean NOT NULL DEFAULT false,
  voters_count  bigint NOT NULL DEFAULT 0,
  expires_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Votes by our members (on any poll) and by remote accounts (on ours): one row per choice.
CREATE TABLE poll_votes (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  poll_id     bigint NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  choice      integer NOT NULL,
  uri         text UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (poll_id, account_id, choice)
);
CREATE INDEX poll_votes_voter ON poll_votes (account_id, poll_id);
