-- Search looks in the newest week first. The word index alone hands back every post with the word
-- in any year (9,000 for a common word at 1 M posts), which were then ANDed with the week's ids.
-- With a coarse time bucket beside the word (ids are milliseconds << 16, so id >> 42 is a bucket of
-- 2^26 ms, about 19 hours), the index skips to the recent buckets itself. btree_gin (contrib,
-- trusted) gives GIN its ordering for int8. The same index still answers a search of everything.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX statuses_search;
CREATE INDEX statuses_search ON statuses USING gin (search_document, (id >> 42))
  WHERE search_document IS NOT NULL AND deleted_at IS NULL;
