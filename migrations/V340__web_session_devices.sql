-- A signed-in browser session as its member sees it on the sessions page (policy 2.4, 2.5): the
-- address and browser it was signed in from. Housekeeping erases the address after
-- PLUTRO_IP_RETENTION_DAYS, as it does for sign-ins and tokens.
ALTER TABLE web_sessions ADD COLUMN address text, ADD COLUMN user_agent text;
CREATE INDEX web_sessions_account ON web_sessions (account_id) WHERE account_id IS NOT NULL;
