package org.plutro.server.domain;

/** {@code accountId} follows (or asked to follow) {@code targetAccountId}. */
public record Follow(long id, long accountId, long targetAccountId, String uri, boolean accepted) {}
