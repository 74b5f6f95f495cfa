package org.plutro.server.http.web;

import org.plutro.server.domain.Account;
import org.plutro.server.text.Html;
import org.plutro.server.uri.Uris;

/** An account, ours or another server's, as a small card: picture, name, handle, bio. */
public record AccountCard(String name, String handle, String url, String avatar, String bioHtml,
    boolean locked) {

  public static AccountCard of(Account account, Uris uris) {
    String name = account.displayName().isBlank() ? account.username() : account.displayName();
    String handle = "@" + (account.isLocal() ? uris.acct(account.username()) : account.acct());
    String url = account.isLocal() ? uris.profilePage(account.username())
        : PostView.web(account.url(), account.uri());
    return new AccountCard(name, handle, url, PostView.avatar(account, uris),
        Html.sanitize(account.note()), account.locked());
  }
}
