-- The admin's delivery queue and dashboard count failed deliveries of the last days; without this
-- they would read every delivery ever made.
CREATE INDEX deliveries_failed_by_age ON deliveries (created_at) WHERE state = 'failed';
