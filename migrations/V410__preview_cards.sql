-- Link previews (Mastodon's preview cards): one card per URL, shared by every post that links
-- there first, fetched again once it is old. A post has at most one card.
CREATE TABLE preview_cards (
  id            bigint PRIMARY KEY DEFAULT next_id(),
  url           text NOT NULL UNIQUE,
  type          text NOT NULL DEFAULT 'link' CHECK (type IN ('link', 'photo', 'video', 'rich')),
  title         text NOT NULL DEFAULT '',
  description   text NOT NULL DEFAULT '',
  author_name   text NOT NULL DEFAULT '',
  author_url    text NOT NULL DEFAULT '',
  provider_name text NOT NULL DEFAULT '',
  provider_url  text NOT NULL DEFAULT '',
  -- Only a sanitised iframe (oEmbed video or rich), built by us; empty otherwise.
  html          text NOT NULL DEFAULT '',
  -- The picture on its origin server; shown through one place (CardImages).
  image_url     text,
  width         int NOT NULL DEFAULT 0,
  height        int NOT NULL DEFAULT 0,
  embed_url     text NOT NULL DEFAULT '',
  language      text,
  published_at  timestamptz,
  blurhash      text,
  fetched_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE status_cards (
  status_id bigint PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
  card_id   bigint NOT NULL REFERENCES preview_cards (id) ON DELETE CASCADE
);
CREATE INDEX status_cards_card ON status_cards (card_id);

-- A status's API entity is cached by its row's version (V250): a card coming, going or changing
-- touches the statuses that show it.
CREATE TRIGGER status_cards_touch_insert AFTER INSERT ON status_cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();
CREATE TRIGGER status_cards_touch_delete AFTER DELETE ON status_cards REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_old_rows();
CREATE TRIGGER status_cards_touch_update AFTER UPDATE ON status_cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_new_rows();

CREATE FUNCTION touch_statuses_of_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE statuses SET id = id WHERE id IN
    (SELECT sc.status_id FROM status_cards sc WHERE sc.card_id IN (SELECT id FROM new_rows));
  RETURN NULL;
END $$;

CREATE TRIGGER preview_cards_touch_update AFTER UPDATE ON preview_cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION touch_statuses_of_cards();
