-- Domains the admins moderate (Mastodon's DomainBlock). "suspend": nothing from or to them is
-- accepted, fetched or delivered, and follows with their accounts end; "silence" and "noop" are
-- recorded (for the admin API) without more effect yet.
CREATE TABLE instance_domain_blocks (
  id               bigint PRIMARY KEY DEFAULT next_id(),
  domain           text NOT NULL UNIQUE,
  severity         text NOT NULL DEFAULT 'silence' CHECK (severity IN ('silence', 'suspend', 'noop')),
  reject_media     boolean NOT NULL DEFAULT false,
  reject_reports   boolean NOT NULL DEFAULT false,
  private_comment  text,
  public_comment   text,
  obfuscate        boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now()
);
