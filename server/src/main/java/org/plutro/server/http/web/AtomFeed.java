package org.plutro.server.http.web;

import org.plutro.server.text.Html;
import java.time.OffsetDateTime;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.uri.Uris;

/** A member's public posts as an Atom feed (RFC 4287), at {@code /@name.atom}. */
public final class AtomFeed {
  public static final int SIZE = 20;
  public static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";

  private AtomFeed() {}

  public static String url(Account account, Uris uris) {
    return uris.profilePage(account.username()) + ".atom";
  }

  public static String render(Account account, List<PostView> posts, Uris uris) {
    String name = account.displayName().isBlank() ? account.username() : account.displayName();
    String profile = uris.profilePage(account.username());
    OffsetDateTime updated = posts.isEmpty() ? account.updatedAt() : posts.get(0).status().createdAt();
    StringBuilder xml = new StringBuilder(8192);
    xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        .append("<id>").append(x(profile)).append("</id>\n")
        .append("<title>").append(x(name + " (@" + uris.acct(account.username()) + ")")).append("</title>\n")
        .append("<subtitle>").append(x(org.plutro.server.text.Html.text(account.note()))).append("</subtitle>\n")
        .append("<updated>").append(updated.toInstant()).append("</updated>\n")
        .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(x(profile)).append("\"/>\n")
        .append("<link rel=\"self\" type=\"application/atom+xml\" href=\"").append(x(url(account, uris))).append("\"/>\n")
        .append("<icon>").append(x(PostView.avatar(account, uris))).append("</icon>\n")
        .append("<generator>Plutro</generator>\n")
        .append("<author><name>").append(x(name)).append("</name><uri>").append(x(profile))
        .append("</uri></author>\n");
    for (PostView post : posts) {
      Status status = post.status();
      String text = org.plutro.server.text.Html.text(status.content());
      String title = !status.spoilerText().isEmpty() ? status.spoilerText()
          : text.length() > 80 ? text.substring(0, 80) + "…" : text;
      xml.append("<entry>\n<id>").append(x(status.uri())).append("</id>\n")
          .append("<title>").append(x(title)).append("</title>\n")
          .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(x(status.url())).append("\"/>\n")
          .append("<published>").append(status.createdAt().toInstant()).append("</published>\n")
          .append("<updated>").append((status.editedAt() != null ? status.editedAt() : status.createdAt())
              .toInstant()).append("</updated>\n")
          .append("<content type=\"html\">")
          .append(x(org.plutro.server.text.Html.sanitize(status.content()))).append("</content>\n");
      for (var media : post.media()) {
        xml.append("<link rel=\"enclosure\" type=\"").append(x(media.contentType() == null
                ? "application/octet-stream" : media.contentType()))
            .append("\" href=\"").append(x(PostView.url(media, uris))).append("\"/>\n");
      }
      xml.append("</entry>\n");
    }
    xml.append("</feed>\n");
    return xml.toString();
  }

  private static String x(String text) {
    return Html.escape(text);
  }
}
