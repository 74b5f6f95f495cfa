-- The servers this instance federates with when it runs in limited federation mode
-- (federation.mode=limited, Mastodon's LIMITED_FEDERATION_MODE and its DomainAllow): a domain
-- covers its subdomains, and host:port names one port only (see domain_covers). In open mode the
-- list is kept but has no effect. added_by: the admin who added it (null from the command line,
-- or once that account is gone).
CREATE TABLE domain_allows (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  domain      text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  added_by    bigint REFERENCES accounts (id) ON DELETE SET NULL
);
