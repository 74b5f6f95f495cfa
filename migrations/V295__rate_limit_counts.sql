-- Request counts of the rate limits, per key and clock-aligned window, summed over every process
-- on the database: each process adds what it counted about once a second and reads the totals
-- back, so adding processes does not multiply the limits. Unlogged: a crash may forget a window
-- of counts, which only forgives a few requests.
CREATE UNLOGGED TABLE rate_limit_counts (
  key           text NOT NULL,
  window_start  bigint NOT NULL,     -- Unix time of the window's start
  count         integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
