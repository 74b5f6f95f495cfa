package org.plutro.server.http.web;

import org.plutro.server.text.Html;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.AccountCounts;
import org.plutro.server.domain.FieldAudience;
import org.plutro.server.uri.Uris;

/**
 * A member's public profile for visitors: name, avatar, bio, fields, and their public and unlisted
 * posts, newest first (replies on the "with replies" tab). OpenGraph and Twitter card tags make
 * the "mini profile" other services show; {@code noindex} when the member is not indexable or
 * not discoverable; an Atom feed is announced.
 */
public final class ProfilePage {
  public static final int PAGE_SIZE = 20;

  private ProfilePage() {}

  /** Compatibility with callers that have no posts to show. */
  public static String render(Account account, AccountCounts counts, Uris uris, String instanceName) {
    return render(account, counts, List.of(), false, uris, instanceName);
  }

  public static String render(Account account, AccountCounts counts, List<PostView> posts,
      boolean withReplies, Uris uris, String instanceName) {
    String name = account.displayName().isBlank() ? account.username() : account.displayName();
    String handle = "@" + uris.acct(account.username());
    String avatar = PostView.avatar(account, uris);
    String profile = account.url() != null ? account.url() : uris.profilePage(account.username());
    String bio = org.plutro.server.text.Html.text(account.note());
    String description = bio.isBlank()
        ? counts.statuses() + " posts, " + counts.followers() + " followers" : bio;
    StringBuilder html = Layout.open("en", name + " (" + handle + ") - " + instanceName,
        !isIndexable(account));
    Layout.meta(html, "og:type", "profile");
    Layout.meta(html, "og:site_name", instanceName);
    Layout.meta(html, "og:title", name + " (" + handle + ")");
    Layout.meta(html, "og:description", description);
    Layout.meta(html, "og:url", profile);
    Layout.meta(html, "og:image", avatar);
    Layout.meta(html, "profile:username", uris.acct(account.username()));
    html.append("<meta name=\"twitter:card\" content=\"summary\">\n")
        .append("<meta name=\"description\" content=\"").append(Html.escape(description)).append("\">\n")
        .append("<link rel=\"alternate\" type=\"application/activity+json\" href=\"")
        .append(Html.escape(account.uri())).append("\">\n")
        .append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
        .append(Html.escape(name)).append("\" href=\"").append(Html.escape(AtomFeed.url(account, uris)))
        .append("\">\n</head>\n<body>\n<main>\n<section class=\"profile h-card\">\n")
        .append("<img class=\"u-photo\" src=\"").append(Html.escape(avatar))
        .append("\" alt=\"\" width=\"96\" height=\"96\">\n")
        .append("<h1 class=\"p-name\">").append(Html.escape(name)).append("</h1>\n")
        .append("<p class=\"handle\"><a class=\"u-url\" href=\"").append(Html.escape(profile))
        .append("\">").append(Html.escape(handle)).append("</a></p>\n")
        .append("<div class=\"p-note\">").append(org.plutro.server.text.Html.sanitize(account.note()))
        .append("</div>\n");
    fields(html, account);
    html.append("<p class=\"counts\">").append(counts.statuses()).append(" posts · ")
        .append(counts.following()).append(" following · ").append(counts.followers())
        .append(" followers</p>\n</section>\n<nav class=\"tabs\">")
        .append(tab(profile, "Posts", !withReplies)).append(' ')
        .append(tab(profile + "/with_replies", "Posts and replies", withReplies))
        .append("</nav>\n<section class=\"posts\">\n");
    if (posts.isEmpty()) {
      html.append("<p class=\"empty\">No posts here yet.</p>\n");
    }
    for (PostView post : posts) {
      post.render(html, uris, "in-list");
    }
    html.append("</section>\n");
    if (posts.size() >= PAGE_SIZE) {
      html.append("<nav class=\"pages\"><a rel=\"next\" href=\"")
          .append(Html.escape((withReplies ? profile + "/with_replies" : profile) + "?max_id="
              + posts.get(posts.size() - 1).status().id()))
          .append("\">Older posts</a></nav>\n");
    }
    html.append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  static boolean isIndexable(Account account) {
    return account.indexable() && account.discoverable();
  }

  // Fields with an audience other than everyone are for members or followers, not for visitors.
  private static void fields(StringBuilder html, Account account) {
    StringBuilder rows = new StringBuilder();
    for (Object item : account.fields()) {
      if (!(item instanceof JsonObject field)) {
        continue;
      }
      if (FieldAudience.of(field) != FieldAudience.EVERYONE) {
        continue;
      }
      rows.append("<dt>").append(Html.escape(field.getString("name", ""))).append("</dt><dd>")
          .append(org.plutro.server.text.Html.sanitize(field.getString("value", "")))
          .append("</dd>\n");
    }
    if (rows.length() > 0) {
      html.append("<dl class=\"fields\">\n").append(rows).append("</dl>\n");
    }
  }

  private static String tab(String href, String label, boolean current) {
    return "<a href=\"" + Html.escape(href) + "\"" + (current ? " aria-current=\"page\"" : "") + ">"
        + Html.escape(label) + "</a>";
  }
}
