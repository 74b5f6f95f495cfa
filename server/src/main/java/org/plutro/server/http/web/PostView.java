package org.plutro.server.http.web;

import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.text.Html;
import org.plutro.server.uri.Uris;

/** A post as visitors see it: author, content warning, content, pictures, date. */
record PostView(Status status, Account author, List<MediaAttachment> media) {

  String authorName() {
    return author.displayName().isBlank() ? author.username() : author.displayName();
  }

  String handle(Uris uris) {
    return "@" + (author.isLocal() ? uris.acct(author.username()) : author.acct());
  }

  /** The first picture's preview, for og:image. */
  String firstImage(Uris uris) {
    for (MediaAttachment m : media) {
      if ("image".equals(m.type())) {
        return previewUrl(m, uris);
      }
    }
    return null;
  }

  static String avatar(Account account, Uris uris) {
    return account.avatarUrl() != null ? account.avatarUrl() : uris.defaultAvatar();
  }

  static String url(MediaAttachment m, Uris uris) {
    return m.isRemote() ? m.remoteUrl() : uris.mediaFile(MediaFiles.ORIGINAL, m.fileName());
  }

  static String previewUrl(MediaAttachment m, Uris uris) {
    return m.previewName() != null ? uris.mediaFile(MediaFiles.SMALL, m.previewName()) : url(m, uris);
  }

  void render(StringBuilder html, Uris uris, String cssClass) {
    String link = status.url() != null ? status.url() : status.uri();
    html.append("<article class=\"post h-entry ").append(cssClass).append("\">\n")
        .append("<header><img class=\"avatar\" src=\"").append(org.plutro.server.text.Html.escape(avatar(author, uris)))
        .append("\" alt=\"\" width=\"40\" height=\"40\"> <a class=\"p-author h-card\" href=\"")
        .append(esc(author.url() != null ? author.url() : author.uri())).append("\"><strong>")
        .append(esc(authorName())).append("</strong> <span class=\"handle\">")
        .append(esc(handle(uris))).append("</span></a></header>\n");
    boolean warned = !status.spoilerText().isEmpty();
    if (warned) {
      html.append("<details><summary class=\"p-summary\">").append(esc(status.spoilerText()))
          .append("</summary>\n");
    }
    // Content is sanitised again here with the allow-list: a page is no place to trust storage.
    html.append("<div class=\"e-content\">").append(Html.sanitize(status.content())).append("</div>\n");
    if (!media.isEmpty()) {
      html.append("<div class=\"media\">\n");
      for (MediaAttachment m : media) {
        String alt = m.description() == null ? "" : m.description();
        if ("video".equals(m.type()) || "gifv".equals(m.type())) {
          html.append("<video controls preload=\"none\" src=\"").append(esc(url(m, uris)))
              .append("\" title=\"").append(esc(alt)).append("\"></video>\n");
        } else if ("audio".equals(m.type())) {
          html.append("<audio controls preload=\"none\" src=\"").append(esc(url(m, uris)))
              .append("\"></audio>\n");
        } else {
          html.append("<a href=\"").append(esc(url(m, uris))).append("\"><img src=\"")
              .append(esc(previewUrl(m, uris))).append("\" alt=\"").append(esc(alt))
              .append("\" loading=\"lazy\"></a>\n");
        }
      }
      html.append("</div>\n");
    }
    if (warned) {
      html.append("</details>\n");
    }
    html.append("<footer><a class=\"u-url\" href=\"").append(esc(link))
        .append("\"><time class=\"dt-published\" datetime=\"")
        .append(status.createdAt().toInstant()).append("\">")
        .append(status.createdAt().toLocalDate()).append("</time></a>");
    if (status.visibility() != org.plutro.server.domain.Visibility.PUBLIC) {
      html.append(" · <span class=\"visibility\">").append(status.visibility().apiName()).append("</span>");
    }
    html.append("</footer>\n</article>\n");
  }

  private static String esc(String text) {
    return org.plutro.server.text.Html.escape(text);
  }
}
