-- Posts a member asked to publish later (Mastodon's scheduled statuses). The durable job queue
-- publishes each at its time: a 'scheduled_status' job naming the row, run_at = scheduled_at.
-- params holds what the post will be, as the API took it; media_ids the uploads it will carry.
CREATE TABLE scheduled_statuses (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  scheduled_at  timestamptz NOT NULL,
  params        jsonb NOT NULL,
  media_ids     bigint[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scheduled_statuses_account ON scheduled_statuses (account_id, id);
CREATE INDEX scheduled_statuses_media ON scheduled_statuses USING gin (media_ids);
