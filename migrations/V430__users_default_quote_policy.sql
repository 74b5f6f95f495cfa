-- Who may quote a member's new posts when they do not say (the API's source[quote_policy]).
ALTER TABLE users ADD COLUMN default_quote_policy text NOT NULL DEFAULT 'public'
  CHECK (default_quote_policy IN ('public', 'followers', 'nobody'));
