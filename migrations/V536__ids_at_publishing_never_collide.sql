-- A remote post's id is its publishing millisecond and 16 bits of the id sequence (V391). Posts
-- published in the same millisecond (one actor's burst, a peer's clock, imports) share those 16
-- bits with every other id the sequence hands out meanwhile: once it has gone round, an id can
-- be one a post of that millisecond already has, its batch fails on statuses_pkey and the
-- delivery waits for a retry. Such a post takes an id of the present instead: it is stored at
-- once, a little later in time than it was published.
CREATE OR REPLACE FUNCTION next_id_at(at timestamptz) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  candidate bigint := ((floor(extract(epoch FROM greatest(least(at, clock_timestamp()),
      '2000-01-01'::timestamptz)) * 1000))::bigint << 16) | (nextval('id_sequence') & 65535);
BEGIN
  IF EXISTS (SELECT 1 FROM statuses WHERE id = candidate) THEN
    RETURN next_id();
  END IF;
  RETURN candidate;
END $$;
