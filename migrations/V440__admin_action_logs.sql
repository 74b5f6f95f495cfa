-- The audit log: every moderation action, who took it, on what, when and why. Kept when the
-- moderator's or the target's account is gone, so names are copied in as they were.
CREATE TABLE admin_action_logs (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  account_id    bigint REFERENCES accounts (id) ON DELETE SET NULL,
  by_name       text NOT NULL,
  action        text NOT NULL,
  target_type   text NOT NULL,
  target_id     text,
  target_label  text NOT NULL,
  note          text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_action_logs_by_target ON admin_action_logs (target_type, target_id, id DESC);
