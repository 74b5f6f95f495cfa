package org.plutro.server.http.web;

import org.plutro.server.domain.Account;
import org.plutro.server.service.InviteLinks;

/**
 * What the page frame ({@code layout.jte}) needs: the site, the page's title, who is looking
 * ({@code viewer}, null for a visitor; {@code viewerAdmin} when they are an admin) and the CSRF
 * token of the session's forms (null when the page has no session).
 */
public record Frame(Site site, String title, Account viewer, String csrfToken, boolean noindex,
    String lang, boolean viewerAdmin) {

  public Frame withTitle(String newTitle) {
    return new Frame(site, newTitle, viewer, csrfToken, noindex, lang, viewerAdmin);
  }

  public Frame hiddenFromSearch() {
    return new Frame(site, title, viewer, csrfToken, true, lang, viewerAdmin);
  }

  /** Whether the viewer may make invite links (the settings' navigation then offers them). */
  public boolean viewerMayInvite() {
    return viewer != null && InviteLinks.mayInvite(site.registrations(), site.invitesByMembers(), viewerAdmin);
  }

  public String stylesheet() {
    return site.assets().url("plutro.css");
  }

  public String script() {
    return site.assets().url("plutro.js");
  }

  public String favicon() {
    return site.assets().url("favicon.svg");
  }

  /** The page's {@code <title>}: the page's own, then the instance's name. */
  public String documentTitle() {
    return title == null || title.isBlank() || title.equals(site.name()) ? site.name()
        : title + " · " + site.name();
  }

  public boolean signedIn() {
    return viewer != null;
  }
}
