-- A post's accepted quotes are counted beside its shares and likes (status_stats), by a trigger
-- in the statement that changes quotes: every shown status (each of a page's) ran a COUNT(*)
-- subquery on quotes for its quotes_count. Counted as before: quote rows whose state is
-- 'accepted', by the post they quote.
ALTER TABLE status_stats ADD COLUMN quotes_count bigint NOT NULL DEFAULT 0;

-- changes: [{quoted_status_id, sign}]. Summed per post and ordered, as the other counters are;
-- decrements only update: a counter row whose post is being deleted must not be recreated.
CREATE FUNCTION quote_counter_deltas(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO status_stats AS t (status_id, quotes_count)
  SELECT (c->>'quoted_status_id')::bigint, sum((c->>'sign')::int)
  FROM jsonb_array_elements(changes) c
  GROUP BY 1 HAVING sum((c->>'sign')::int) > 0 ORDER BY 1
  ON CONFLICT (status_id) DO UPDATE SET quotes_count = t.quotes_count + EXCLUDED.quotes_count;
  UPDATE status_stats t SET quotes_count = t.quotes_count + d.delta
  FROM (SELECT (c->>'quoted_status_id')::bigint AS status_id, sum((c->>'sign')::int) AS delta
        FROM jsonb_array_elements(changes) c
        GROUP BY 1 HAVING sum((c->>'sign')::int) < 0 ORDER BY 1) d
  WHERE t.status_id = d.status_id;
END $$;

CREATE FUNCTION quotes_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM quote_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object(
        'quoted_status_id', n.quoted_status_id, 'sign', 1)), '[]') FROM new_rows n
        WHERE n.state = 'accepted' AND n.quoted_status_id IS NOT NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM quote_counter_deltas((SELECT coalesce(jsonb_agg(jsonb_build_object(
        'quoted_status_id', o.quoted_status_id, 'sign', -1)), '[]') FROM old_rows o
        WHERE o.state = 'accepted' AND o.quoted_status_id IS NOT NULL));
  ELSE
    -- An update counts as the old row leaving and the new one arriving (a quote accepted,
    -- revoked, or its quoted post deleted), for rows whose counted columns changed.
    PERFORM quote_counter_deltas((SELECT coalesce(jsonb_agg(x.change), '[]') FROM (
        SELECT jsonb_build_object('quoted_status_id', o.quoted_status_id, 'sign', -1) AS change
        FROM old_rows o JOIN new_rows n ON n.status_id = o.status_id
        WHERE o.state = 'accepted' AND o.quoted_status_id IS NOT NULL
          AND (n.state <> o.state OR n.quoted_status_id IS DISTINCT FROM o.quoted_status_id)
        UNION ALL
        SELECT jsonb_build_object('quoted_status_id', n.quoted_status_id, 'sign', 1)
        FROM old_rows o JOIN new_rows n ON n.status_id = o.status_id
        WHERE n.state = 'accepted' AND n.quoted_status_id IS NOT NULL
          AND (n.state <> o.state OR n.quoted_status_id IS DISTINCT FROM o.quoted_status_id)) x));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION quotes_counted();
CREATE TRIGGER quotes_count_update AFTER UPDATE ON quotes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION quotes_counted();
CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION quotes_counted();

INSERT INTO status_stats AS t (status_id, quotes_count)
SELECT quoted_status_id, count(*) FROM quotes
WHERE state = 'accepted' AND quoted_status_id IS NOT NULL GROUP BY 1 ORDER BY 1
ON CONFLICT (status_id) DO UPDATE SET quotes_count = EXCLUDED.quotes_count;
