-- Direct messages and member safety tools: conversations (Mastodon's account_conversations),
-- who may message a member, read receipts by consent, mutes and member-level domain blocks.

-- Each member's view of one thread of direct posts. The thread is named by its root's URI (or,
-- when the root is not known here, by the URI of the unknown post its first known reply answers).
CREATE TABLE account_conversations (
  id                bigint PRIMARY KEY DEFAULT next_id(),
  account_id        bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  thread_uri        text NOT NULL,
  unread            boolean NOT NULL DEFAULT false,
  UNIQUE (account_id, thread_uri)
);

-- The posts of each member's conversation, and who took part (author or addressed).
CREATE TABLE conversation_statuses (
  conversation_id   bigint NOT NULL REFERENCES account_conversations (id) ON DELETE CASCADE,
  status_id         bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  PRIMARY KEY (conversation_id, status_id)
);
CREATE INDEX conversation_statuses_status ON conversation_statuses (status_id);

-- A member's privacy choices beyond Mastodon's: who may message them, and read receipts.
CREATE TABLE member_privacy (
  account_id        bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  messages_from     text NOT NULL DEFAULT 'everyone' CHECK (messages_from IN ('everyone', 'following', 'nobody')),
  read_receipts     boolean NOT NULL DEFAULT false
);

-- Who read which message (from a Read activity, or a local member marking a conversation read).
CREATE TABLE status_reads (
  status_id         bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  account_id        bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  read_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (status_id, account_id)
);

CREATE TABLE mutes (
  id                 bigint PRIMARY KEY DEFAULT next_id(),
  account_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  hide_notifications boolean NOT NULL DEFAULT true,
  expires_at         timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, target_account_id)
);
CREATE INDEX mutes_target ON mutes (target_account_id);

CREATE TABLE account_domain_blocks (
  id                 bigint PRIMARY KEY DEFAULT next_id(),
  account_id         bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  domain             text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, domain)
);
