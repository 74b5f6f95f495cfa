package org.plutro.server.domain;

import java.time.OffsetDateTime;

/** A local member's credentials and preferences (the account itself is {@link Account}). */
public record User(long accountId, String email, String passwordHash, String locale, String role,
    OffsetDateTime confirmedAt, String defaultPrivacy, boolean defaultSensitive,
    String defaultLanguage, OffsetDateTime createdAt, boolean disabled) {

  public boolean isAdmin() {
    return "admin".equals(role);
  }
}
