-- First attempts are claimed before retries: a closure's thousands of deliveries go out before
-- the retries of servers that failed or hung a minute ago, which would otherwise take their turn
-- (and the CPU to sign them) first. Their own index, in claim order; retries keep deliveries_due.
CREATE INDEX deliveries_first_due ON deliveries (next_attempt_at, id)
  WHERE state = 'queued' AND attempts = 0;
