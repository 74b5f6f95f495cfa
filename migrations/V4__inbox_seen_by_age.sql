-- Activity ids taken in are remembered for 30 days, then pruned by age. The table only grows at
-- its end in time order, so a BRIN index finds the old rows at almost no cost per insert.
CREATE INDEX inbox_seen_received ON inbox_seen USING brin (received_at);
