-- A status's API entity is cached by the version (xmin) of its row (StatusViewStore). Hashtags,
-- mentions, attachments and polls live in other tables and a remote post's arrive after its row;
-- when they change, the status row is rewritten unchanged so that its version moves with them.
CREATE FUNCTION touch_statuses_of_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE statuses SET id = id WHERE id IN (SELECT DISTINCT status_id FROM new_rows);
  RETURN NULL;
END $$;

CREATE FUNCTION touch_statuses_of_old_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE statuses SET id = id WHERE id IN (SELECT DISTINCT status_id FROM old_rows);
  RETURN NULL;
END $$;

CREATE TRIGGER mentions_touch_insert AFTER INSERT ON mentions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();
CREATE TRIGGER mentions_touch_delete AFTER DELETE ON mentions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_old_rows();
CREATE TRIGGER mentions_touch_update AFTER UPDATE ON mentions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();

CREATE TRIGGER status_tags_touch_insert AFTER INSERT ON status_tags REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();
CREATE TRIGGER status_tags_touch_delete AFTER DELETE ON status_tags REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_old_rows();

CREATE TRIGGER media_touch_insert AFTER INSERT ON media_attachments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();
CREATE TRIGGER media_touch_delete AFTER DELETE ON media_attachments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_old_rows();
-- Attached, detached or described: the statuses it leaves and joins both change.
CREATE TRIGGER media_touch_update_new AFTER UPDATE ON media_attachments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();
CREATE TRIGGER media_touch_update_old AFTER UPDATE ON media_attachments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_old_rows();

-- A poll's counts are read with every page; only its coming and going changes the status.
CREATE TRIGGER polls_touch_insert AFTER INSERT ON polls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();
CREATE TRIGGER polls_touch_delete AFTER DELETE ON polls REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_old_rows();
