package org.plutro.server.http.web;

import org.plutro.server.domain.Account;
import org.plutro.server.service.InviteLinks;

/**
 * What the page frame ({@code layout.jte}) needs: the site, the page's title, who is looking
 * ({@code viewer}, null for a visitor; {@code viewerAdmin} when they are an admin) and the CSRF
 * token of the session's forms (null when the page has no session).
 */
public record Frame(Site site, String title, Account viewer, String csrfToken, boolean noindex,
    String lang, boolean viewerAdmin, Header header) {

  /**
   * What the header shows a member besides the page: how many notifications they have not read
   * (newer than their notifications marker; at most {@link #UNREAD_SHOWN}) and the notice a form
   * left for this page (null for none). Filled in by {@link Pages} just before a page is rendered.
   */
  public record Header(long unread, String notice) {
    public static final Header NONE = new Header(0, null);
  }

  /** Beyond this many, the header says "99+". */
  public static final int UNREAD_SHOWN = 99;

  public Frame(Site site, String title, Account viewer, String csrfToken, boolean noindex,
      String lang, boolean viewerAdmin) {
    this(site, title, viewer, csrfToken, noindex, lang, viewerAdmin, Header.NONE);
  }

  public Frame withTitle(String newTitle) {
    return new Frame(site, newTitle, viewer, csrfToken, noindex, lang, viewerAdmin, header);
  }

  public Frame hiddenFromSearch() {
    return new Frame(site, title, viewer, csrfToken, true, lang, viewerAdmin, header);
  }

  public Frame withHeader(Header newHeader) {
    return new Frame(site, title, viewer, csrfToken, noindex, lang, viewerAdmin, newHeader);
  }

  /** The unread count as the header writes it; empty for none. */
  public String unreadText() {
    return header.unread() <= 0 ? "" : header.unread() > UNREAD_SHOWN ? UNREAD_SHOWN + "+"
        : Long.toString(header.unread());
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
