package org.plutro.server.http.web;

import org.plutro.server.domain.Account;

/**
 * What the page frame ({@code layout.jte}) needs: the site, the page's title, who is looking
 * ({@code viewer}, null for a visitor) and the CSRF token of the session's forms (null when the
 * page has no session).
 */
public record Frame(Site site, String title, Account viewer, String csrfToken, boolean noindex,
    String lang) {

  public Frame withTitle(String newTitle) {
    return new Frame(site, newTitle, viewer, csrfToken, noindex, lang);
  }

  public Frame hiddenFromSearch() {
    return new Frame(site, title, viewer, csrfToken, true, lang);
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
