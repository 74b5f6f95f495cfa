-- Mastodon 4.5's "quote" notification: someone quoted your post (its status is the quote).
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN ('mention', 'status',
  'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'quote'));
