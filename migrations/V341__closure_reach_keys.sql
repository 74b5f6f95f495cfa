-- After closing their account in the browser, the former member can still watch the closure reach
-- each instance: a random key (kept here only as its SHA-256) in a cookie sent to the reach page
-- only. It opens that one page and nothing else, and only until it expires.
CREATE TABLE closure_reach_keys (
  key_hash    bytea PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL
);
