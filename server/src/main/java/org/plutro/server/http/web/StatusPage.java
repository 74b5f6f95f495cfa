package org.plutro.server.http.web;

import org.plutro.server.text.Html;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.uri.Uris;

/**
 * A public (or unlisted) post for visitors, at the {@code url} we publish for it, with its public
 * replies, OpenGraph and Twitter card tags ({@code og:image}: its first picture, else the avatar).
 */
public final class StatusPage {
  private StatusPage() {}

  /** Compatibility with callers that have no media or replies to show. */
  public static String render(Status status, Account author, Uris uris, String instanceName) {
    return render(new PostView(status, author, List.of()), List.of(), uris, instanceName);
  }

  public static String render(PostView post, List<PostView> replies, Uris uris, String instanceName) {
    Status status = post.status();
    Account author = post.author();
    String name = post.authorName();
    String handle = post.handle(uris);
    String text = org.plutro.server.text.Html.text(status.content());
    String excerpt = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    StringBuilder html = Layout.open(status.language() == null ? "en" : status.language(),
        name + ": \"" + excerpt + "\" - " + instanceName, !ProfilePage.isIndexable(author));
    String image = post.firstImage(uris);
    Layout.meta(html, "og:type", "article");
    Layout.meta(html, "og:site_name", instanceName);
    Layout.meta(html, "og:title", name + " (" + handle + ")");
    Layout.meta(html, "og:description", status.spoilerText().isEmpty() ? text : status.spoilerText());
    Layout.meta(html, "og:url", status.url());
    Layout.meta(html, "og:image", image != null ? image : PostView.avatar(author, uris));
    Layout.meta(html, "article:published_time", status.createdAt().toInstant().toString());
    html.append("<meta name=\"twitter:card\" content=\"summary\">\n")
        .append("<link rel=\"alternate\" type=\"application/activity+json\" href=\"")
        .append(Html.escape(status.uri())).append("\">\n")
        .append("</head>\n<body>\n<main>\n");
    if (status.inReplyToUri() != null) {
      html.append("<p class=\"context\">In reply to <a href=\"")
          .append(Html.escape(status.inReplyToUri())).append("\">another post</a></p>\n");
    }
    post.render(html, uris, "focus");
    html.append("<section class=\"replies\">\n<h2>").append(replies.size())
        .append(replies.size() == 1 ? " reply" : " replies").append("</h2>\n");
    for (PostView reply : replies) {
      reply.render(html, uris, "reply");
    }
    html.append("</section>\n</main>\n</body>\n</html>\n");
    return html.toString();
  }
}
