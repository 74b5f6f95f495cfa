package org.plutro.server.domain;

import java.time.OffsetDateTime;

/**
 * A local member's credentials and preferences (the account itself is {@link Account}).
 * {@code confirmedAt} is null until the member opens the link mailed to their address;
 * {@code approved} is false while a sign-up waits for a moderator (registrations = approval);
 * {@code unconfirmedEmail} is a new address waiting for its link; {@code signUpAppId} is the app
 * the member signed up with (null: the sign-up page, or an admin); {@code defaultQuotePolicy} is
 * who may quote their new posts when they do not say ({@code public}, {@code followers}, {@code nobody}).
 */
public record User(long accountId, String email, String passwordHash, String locale, String role,
    OffsetDateTime confirmedAt, String defaultPrivacy, boolean defaultSensitive,
    String defaultLanguage, OffsetDateTime createdAt, boolean disabled, boolean approved,
    String signUpReason, String unconfirmedEmail, Long signUpAppId,
    String defaultQuotePolicy) {

  public boolean isAdmin() {
    return "admin".equals(role);
  }

  public boolean confirmed() {
    return confirmedAt != null;
  }

  /** Whether the member may act (post, follow, change settings): confirmed and approved. */
  public boolean functional() {
    return confirmed() && approved && !disabled;
  }
}
