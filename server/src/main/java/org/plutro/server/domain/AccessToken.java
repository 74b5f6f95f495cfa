package org.plutro.server.domain;

import java.time.OffsetDateTime;
import java.util.List;

/** An OAuth access token as stored; {@code accountId} is null for an app-only token. */
public record AccessToken(long id, long appId, Long accountId, List<String> scopes,
    OffsetDateTime createdAt, OffsetDateTime lastUsedAt) {}
