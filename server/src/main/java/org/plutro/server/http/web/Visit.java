package org.plutro.server.http.web;

import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.User;
import org.plutro.server.store.WebSessionStore.WebSession;

/**
 * One browser request as the web pages see it: its session, if any, and the member signed in
 * through it, if any (only a member whose account is open, not suspended and not disabled).
 */
public record Visit(Site site, Optional<WebSession> session, Account member, User user) {

  public boolean signedIn() {
    return member != null;
  }

  /** The frame of a page titled {@code title}. */
  public Frame frame(String title) {
    return new Frame(site, title, member, session.map(WebSession::csrfToken).orElse(null), false,
        "en", user != null && user.isAdmin());
  }
}
