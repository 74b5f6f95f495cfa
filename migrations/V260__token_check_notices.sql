-- Each process keeps its bearer-token checks for a minute (OAuthStore). Whatever could change a
-- check's answer is announced here, and every process forgets the checks it concerns: a token
-- revoked or deleted, a member's account row (suspension, closure, profile) or user row (disabled).
-- These are rare, so the announcements cost nothing on the paths that matter.
CREATE FUNCTION announce_token_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plutro_auth', 'token:' || OLD.id);
  RETURN NULL;
END $$;

CREATE FUNCTION announce_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plutro_auth', 'account:' || OLD.id);
  RETURN NULL;
END $$;

CREATE FUNCTION announce_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plutro_auth', 'account:' || OLD.account_id);
  RETURN NULL;
END $$;

CREATE TRIGGER oauth_tokens_revoked AFTER UPDATE OF revoked_at ON oauth_tokens
  FOR EACH ROW EXECUTE FUNCTION announce_token_change();
CREATE TRIGGER oauth_tokens_deleted AFTER DELETE ON oauth_tokens
  FOR EACH ROW EXECUTE FUNCTION announce_token_change();
-- Remote accounts hold no tokens: their frequent refreshes announce nothing.
CREATE TRIGGER accounts_member_changed AFTER UPDATE ON accounts
  FOR EACH ROW WHEN (OLD.domain IS NULL) EXECUTE FUNCTION announce_account_change();
CREATE TRIGGER users_member_changed AFTER UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION announce_user_change();
