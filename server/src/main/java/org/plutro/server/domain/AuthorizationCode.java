package org.plutro.server.domain;

import java.time.OffsetDateTime;
import java.util.List;

/** An OAuth authorization code as stored (the code itself is only known by its hash). */
public record AuthorizationCode(long id, long appId, long accountId, String redirectUri,
    List<String> scopes, String codeChallenge, OffsetDateTime expiresAt, OffsetDateTime usedAt) {

  public boolean expired() {
    return expiresAt.isBefore(OffsetDateTime.now());
  }
}
