-- Profile links verified by a link back (rel="me"): a field keeps its verified_at while its value
-- stays the same; a new or changed value is verified afresh (as Mastodon).
CREATE FUNCTION fields_keep_verified(fresh jsonb, kept jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT coalesce(jsonb_agg(
           (f - 'verified_at') || coalesce((
             SELECT jsonb_build_object('verified_at', k -> 'verified_at')
             FROM jsonb_array_elements(CASE WHEN jsonb_typeof(kept) = 'array' THEN kept ELSE '[]' END) k
             WHERE k ->> 'value' = f ->> 'value' AND k ? 'verified_at'
             LIMIT 1), '{}')
           ORDER BY n), '[]')
  FROM jsonb_array_elements(fresh) WITH ORDINALITY AS t(f, n)
$$;
