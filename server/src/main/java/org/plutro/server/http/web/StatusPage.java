package org.plutro.server.http.web;

import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.uri.Uris;

/** A public post for visitors, at the {@code url} we publish for it, with OpenGraph tags. */
public final class StatusPage {
  private StatusPage() {}

  public static String render(Status status, Account author, Uris uris, String instanceName) {
    String name = author.displayName().isBlank() ? author.username() : author.displayName();
    String handle = "@" + uris.acct(author.username());
    String text = org.plutro.server.service.Html.text(status.content());
    StringBuilder html = new StringBuilder(2048);
    html.append("<!DOCTYPE html>\n<html lang=\"").append(Html.escape(status.language() == null ? "en" : status.language()))
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(name)).append(": \"")
        .append(Html.escape(text.length() > 80 ? text.substring(0, 80) + "…" : text))
        .append("\" - ").append(Html.escape(instanceName)).append("</title>\n");
    if (!author.indexable()) {
      html.append("<meta name=\"robots\" content=\"noindex, noarchive\">\n");
    }
    meta(html, "og:type", "article");
    meta(html, "og:site_name", instanceName);
    meta(html, "og:title", name + " (" + handle + ")");
    meta(html, "og:description", status.spoilerText().isEmpty() ? text : status.spoilerText());
    meta(html, "og:url", status.url());
    meta(html, "article:published_time", status.createdAt().toInstant().toString());
    html.append("<link rel=\"alternate\" type=\"application/activity+json\" href=\"")
        .append(Html.escape(status.uri())).append("\">\n")
        .append("</head>\n<body>\n<article class=\"h-entry\">\n")
        .append("<p class=\"p-author h-card\"><a class=\"u-url p-name\" href=\"")
        .append(Html.escape(author.url())).append("\">").append(Html.escape(name)).append("</a> ")
        .append(Html.escape(handle)).append("</p>\n");
    if (!status.spoilerText().isEmpty()) {
      html.append("<p class=\"p-summary\">").append(Html.escape(status.spoilerText())).append("</p>\n");
    }
    // The content is HTML we rendered from the member's own text when it was posted.
    html.append("<div class=\"e-content\">").append(status.content()).append("</div>\n")
        .append("<p><a class=\"u-url\" href=\"").append(Html.escape(status.url())).append("\"><time class=\"dt-published\" datetime=\"")
        .append(status.createdAt().toInstant()).append("\">").append(status.createdAt().toLocalDate())
        .append("</time></a></p>\n</article>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void meta(StringBuilder html, String property, String content) {
    html.append("<meta property=\"").append(property).append("\" content=\"")
        .append(Html.escape(content)).append("\">\n");
  }
}
