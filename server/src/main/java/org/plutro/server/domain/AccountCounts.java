package org.plutro.server.domain;

import java.time.OffsetDateTime;

/** What we count for an account, always from the stored rows (never a drifting cached number). */
public record AccountCounts(long statuses, long followers, long following,
    OffsetDateTime lastStatusAt, long followRequests) {}
