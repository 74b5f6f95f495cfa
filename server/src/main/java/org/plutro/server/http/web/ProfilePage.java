package org.plutro.server.http.web;

import org.plutro.server.domain.Account;
import org.plutro.server.domain.AccountCounts;
import org.plutro.server.uri.Uris;

/**
 * A member's public profile for visitors, with OpenGraph tags: the "mini profile" other services
 * and search engines show. {@code noindex} when the member is not indexable.
 */
public final class ProfilePage {
  private ProfilePage() {}

  public static String render(Account account, AccountCounts counts, Uris uris, String instanceName) {
    String name = account.displayName().isBlank() ? account.username() : account.displayName();
    String handle = "@" + uris.acct(account.username());
    String avatar = account.avatarUrl() != null ? account.avatarUrl() : uris.defaultAvatar();
    String description = account.noteSource().isBlank()
        ? counts.statuses() + " posts, " + counts.followers() + " followers"
        : account.noteSource();
    StringBuilder html = new StringBuilder(2048);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(name)).append(" (").append(Html.escape(handle))
        .append(") - ").append(Html.escape(instanceName)).append("</title>\n");
    if (!account.indexable() || !account.discoverable()) {
      html.append("<meta name=\"robots\" content=\"noindex, noarchive\">\n");
    }
    meta(html, "og:type", "profile");
    meta(html, "og:site_name", instanceName);
    meta(html, "og:title", name + " (" + handle + ")");
    meta(html, "og:description", description);
    meta(html, "og:url", account.url());
    meta(html, "og:image", avatar);
    meta(html, "profile:username", uris.acct(account.username()));
    html.append("<meta name=\"twitter:card\" content=\"summary\">\n")
        .append("<link rel=\"alternate\" type=\"application/activity+json\" href=\"")
        .append(Html.escape(account.uri())).append("\">\n")
        .append("</head>\n<body>\n<main class=\"profile h-card\">\n")
        .append("<img class=\"u-photo\" src=\"").append(Html.escape(avatar))
        .append("\" alt=\"\" width=\"96\" height=\"96\">\n")
        .append("<h1 class=\"p-name\">").append(Html.escape(name)).append("</h1>\n")
        .append("<p class=\"handle\"><a class=\"u-url\" href=\"").append(Html.escape(account.url()))
        .append("\">").append(Html.escape(handle)).append("</a></p>\n")
        // The note is HTML we rendered from the member's own text when they saved it.
        .append("<div class=\"p-note\">").append(account.note()).append("</div>\n")
        .append("<p class=\"counts\">").append(counts.statuses()).append(" posts · ")
        .append(counts.following()).append(" following · ").append(counts.followers())
        .append(" followers</p>\n</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void meta(StringBuilder html, String property, String content) {
    html.append("<meta property=\"").append(property).append("\" content=\"")
        .append(Html.escape(content)).append("\">\n");
  }
}
