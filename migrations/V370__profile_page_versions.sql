-- Visitors' profile pages are kept rendered by the versions of the member's account row and
-- account_stats row (RenderedProfiles). Posting and deleting already rewrite account_stats (the
-- counts); an edit, a visibility change, or a change to a post's media, tags or poll (which touch
-- the post's row, V250) of a local post now touches its author's account_stats row as well, so
-- that one row's version covers every post on the page. Remote posts touch nothing.
CREATE FUNCTION touch_local_authors_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_stats SET account_id = account_id
   WHERE account_id IN (SELECT DISTINCT account_id FROM new_rows WHERE local);
  RETURN NULL;
END $$;

CREATE TRIGGER statuses_touch_local_authors_stats AFTER UPDATE ON statuses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_local_authors_stats();
