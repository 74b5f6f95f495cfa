package org.plutro.server.http.web.settings;

import org.plutro.server.domain.Account;
import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.uri.Uris;

/** An account in a settings list: its id for the buttons, name, handle, profile link, picture. */
public record AccountRow(long id, String name, String handle, String url, String avatar,
    String note) {

  /** {@code note}: a line under the account (a mute's end), or null. */
  public static AccountRow of(Account account, Uris uris, String note) {
    String name = account.displayName() == null || account.displayName().isBlank()
        ? account.username() : account.displayName();
    String handle = "@" + (account.isLocal() ? uris.acct(account.username()) : account.acct());
    String url = web(account.url()) ? account.url()
        : account.isLocal() ? uris.profilePage(account.username()) : account.uri();
    String proxied = uris.remoteMedia().proxied(account.avatarUrl(), RemoteMediaUrls.Kind.AVATAR);
    String avatar = proxied != null ? proxied : uris.defaultAvatar();
    return new AccountRow(account.id(), name, handle, url, avatar, note);
  }

  // Links and pictures from other servers' documents: only web addresses, never javascript: and such.
  private static boolean web(String url) {
    return url != null && (url.startsWith("https://") || url.startsWith("http://"));
  }
}
