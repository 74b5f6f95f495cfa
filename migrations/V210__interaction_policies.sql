-- Who may reply to and share a member's posts (GoToSocial's interactionPolicy): the member's
-- default, and each local post's own policy, fixed when it is published as peers were told.
-- NULL on a post means everyone (and is what every remote post carries).
ALTER TABLE member_privacy
  ADD COLUMN replies_from text NOT NULL DEFAULT 'everyone'
    CHECK (replies_from IN ('everyone', 'followers', 'nobody')),
  ADD COLUMN shares_from text NOT NULL DEFAULT 'everyone'
    CHECK (shares_from IN ('everyone', 'followers', 'nobody'));

ALTER TABLE statuses
  ADD COLUMN replies_from text CHECK (replies_from IN ('followers', 'nobody')),
  ADD COLUMN shares_from text CHECK (shares_from IN ('followers', 'nobody'));

-- The Accepts we sent for remote replies and shares that a restricted post allowed (its author's
-- followers, or people it mentions): peers that honour interactionPolicy dereference them.
CREATE TABLE interaction_approvals (
  id               bigint PRIMARY KEY DEFAULT next_id(),
  status_id        bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  interaction_uri  text NOT NULL UNIQUE,
  actor_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interaction_approvals_status ON interaction_approvals (status_id);
