-- Domain blocks that silence: the domain's accounts are marked silenced, as Mastodon's
-- BlockDomainService does, so public timelines and notifications keep reading one column. The
-- mark says the block did it: lifting or lowering the block unsilences only those accounts, never
-- one a moderator silenced by hand.
ALTER TABLE accounts ADD COLUMN silenced_by_domain boolean NOT NULL DEFAULT false;

-- Whether a block of the domain "blocked" covers an account or server at "authority"
-- (host[:port]): the same authority exactly, or (the port set aside) the same host or one under
-- it, as DomainBlocks decides it in memory.
CREATE FUNCTION domain_covers(blocked text, authority text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(authority) = blocked
      OR regexp_replace(lower(authority), ':[0-9]+$', '') = blocked
      OR regexp_replace(lower(authority), ':[0-9]+$', '') LIKE '%.' || blocked
$$;

-- Whether a block in force silences the domain's accounts (a suspension covers a silence).
CREATE FUNCTION domain_silenced(authority text) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM instance_domain_blocks b
                 WHERE b.severity IN ('silence', 'suspend') AND domain_covers(b.domain, $1))
$$;
