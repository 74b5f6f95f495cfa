package org.plutro.server.http.web;

import org.plutro.server.domain.Account;
import org.plutro.server.uri.Uris;

/**
 * An account in a list (search results, notifications, conversations): its name, handle and
 * picture (another server's through our media proxy), linking to our page of it.
 */
public record AccountLink(long id, String name, String handle, String url, String avatar) {

  public static AccountLink of(Account account, Uris uris) {
    String name = account.displayName().isBlank() ? account.username() : account.displayName();
    String handle = "@" + (account.isLocal() ? uris.acct(account.username()) : account.acct());
    String url = account.isLocal() ? "/@" + account.username() : ProfilePages.remotePath(account);
    return new AccountLink(account.id(), name, handle, url, PostView.avatar(account, uris));
  }
}
