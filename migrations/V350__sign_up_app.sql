-- The app a member signed up with (POST /api/v1/accounts), if any: as on Mastodon, only that app
-- may have the confirmation mail sent again, or sent to a corrected address. Another app the
-- member let in could otherwise move an unconfirmed account to an address of its choosing.
ALTER TABLE users ADD COLUMN sign_up_app_id bigint REFERENCES oauth_apps (id) ON DELETE SET NULL;
