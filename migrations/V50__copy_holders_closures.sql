-- Who holds a copy of each local member: one row per (member, remote instance), with the inbox
-- to reach it (a shared inbox when we know one) and when we last had contact. Profile updates
-- and account closure reach every instance listed here, not only followers.
CREATE TABLE copy_holders (
  account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  domain           text NOT NULL,                       -- host[:port], as in instances.domain
  inbox_url        text NOT NULL,
  shared_inbox     boolean NOT NULL DEFAULT false,      -- inbox_url is the instance's shared inbox
  first_contact_at timestamptz NOT NULL DEFAULT now(),
  last_contact_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, domain)
);

-- Whether an inbox is some actor's shared inbox, asked per domain when recording deliveries.
CREATE INDEX accounts_domain_shared_inbox ON accounts (domain, shared_inbox_url)
  WHERE shared_inbox_url IS NOT NULL;

-- What we already know: servers we delivered to, and servers of followers and followed accounts.
INSERT INTO copy_holders (account_id, domain, inbox_url, shared_inbox, first_contact_at, last_contact_at)
SELECT DISTINCT ON (o.account_id, d.domain) o.account_id, d.domain, d.inbox_url, false,
       d.created_at, coalesce(d.delivered_at, d.created_at)
FROM deliveries d JOIN outbound_activities o ON o.id = d.activity_id
JOIN accounts m ON m.id = o.account_id AND m.domain IS NULL
ORDER BY o.account_id, d.domain, d.created_at DESC
ON CONFLICT DO NOTHING;
INSERT INTO copy_holders (account_id, domain, inbox_url, shared_inbox)
SELECT DISTINCT ON (m.id, r.domain) m.id, r.domain, coalesce(r.shared_inbox_url, r.inbox_url),
       r.shared_inbox_url IS NOT NULL
FROM follows f
JOIN accounts m ON m.domain IS NULL AND m.id IN (f.account_id, f.target_account_id)
JOIN accounts r ON r.domain IS NOT NULL AND r.id IN (f.account_id, f.target_account_id)
WHERE r.inbox_url IS NOT NULL
ORDER BY m.id, r.domain, r.shared_inbox_url NULLS LAST
ON CONFLICT (account_id, domain) DO UPDATE SET inbox_url = EXCLUDED.inbox_url, shared_inbox = true
  WHERE EXCLUDED.shared_inbox AND NOT copy_holders.shared_inbox;

-- A closed local account: when, by whom, the Delete that tells every holder, and when its
-- personal data is purged. The account row itself stays for ever, so the username is never reused.
CREATE TABLE account_closures (
  account_id          bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  closed_by           text NOT NULL CHECK (closed_by IN ('member', 'admin')),
  closed_at           timestamptz NOT NULL DEFAULT now(),
  delete_activity_id  bigint REFERENCES outbound_activities (id) ON DELETE SET NULL,
  instances           integer NOT NULL DEFAULT 0,        -- how many instances were to be told
  purge_after         timestamptz NOT NULL,
  purged_at           timestamptz,
  key_deleted_at      timestamptz
);

-- Jobs that must exist at most once per subject (a coalesced profile Update, a stale actor
-- refresh) are found by kind and subject.
CREATE INDEX jobs_subject ON jobs (kind, (payload ->> 'subject')) WHERE payload ? 'subject';
