package org.plutro.server.http.web;

import org.plutro.server.text.Html;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.config.Settings.Registrations;
import org.plutro.server.uri.Uris;

/**
 * Two pages that other documents point to: {@code /about}, the instance actor's {@code url} and
 * profile page, and {@code /authorize_interaction?uri=…}, WebFinger's subscribe template, where a
 * remote server's "follow from your own server" dialog sends a member of ours. Members use apps,
 * not web pages, here: the page tells them where to look for what they came to follow or answer.
 */
public final class InstancePages {
  private final Uris uris;
  private final String instanceName;
  private final String instanceDescription;
  private final Registrations registrations;

  public InstancePages(Uris uris, String instanceName, String instanceDescription,
      Registrations registrations) {
    this.uris = uris;
    this.instanceName = instanceName;
    this.instanceDescription = instanceDescription;
    this.registrations = registrations;
  }

  public void mount(Router router) {
    router.get("/about").handler(this::about);
    router.get("/authorize_interaction").handler(this::authorizeInteraction);
  }

  private void about(RoutingContext ctx) {
    String name = instanceName;
    String description = instanceDescription;
    StringBuilder html = Layout.open("en", "About " + name, false);
    Layout.meta(html, "og:type", "website");
    Layout.meta(html, "og:site_name", name);
    Layout.meta(html, "og:title", name);
    if (description != null && !description.isBlank()) {
      Layout.meta(html, "og:description", description);
    }
    html.append("<link rel=\"alternate\" type=\"application/activity+json\" href=\"")
        .append(Html.escape(uris.instanceActor())).append("\">\n")
        .append("</head>\n<body>\n<main>\n<section class=\"profile\">\n<h1>")
        .append(Html.escape(name)).append("</h1>\n");
    if (description != null && !description.isBlank()) {
      html.append("<p>").append(Html.escape(description)).append("</p>\n");
    }
    html.append("<p class=\"handle\">").append(Html.escape(uris.authority()))
        .append(" · a Plutro server, part of the fediverse</p>\n<p class=\"counts\">")
        .append(switch (registrations) {
          case OPEN -> "Anyone may sign up, with any app that speaks Mastodon's API.";
          case INVITE -> "Sign-up is by invitation.";
          case APPROVAL -> "Anyone may sign up; a moderator approves each new member.";
          case CLOSED -> "Sign-up is closed.";
        })
        .append("</p>\n</section>\n</main>\n</body>\n</html>\n");
    Layout.send(ctx, html.toString());
  }

  private void authorizeInteraction(RoutingContext ctx) {
    String uri = ctx.request().getParam("uri");
    String name = instanceName;
    StringBuilder html = Layout.open("en", "Follow or answer from " + name, true);
    html.append("</head>\n<body>\n<main>\n<section class=\"profile\">\n<h1>Follow or answer from ")
        .append(Html.escape(name)).append("</h1>\n");
    if (uri == null || uri.isBlank()) {
      html.append("<p class=\"empty\">Nothing was named to follow or answer.</p>\n");
    } else {
      String shown = uri.startsWith("acct:") ? uri.substring(5) : uri;
      html.append("<p>To follow or answer this from your account on ").append(Html.escape(name))
          .append(", open your app and search for it:</p>\n<p><code>").append(Html.escape(shown))
          .append("</code></p>\n");
      if (shown.startsWith("https://") || shown.startsWith("http://")) {
        html.append("<p class=\"context\"><a rel=\"nofollow noopener\" href=\"").append(Html.escape(shown))
            .append("\">See it where it was posted</a></p>\n");
      }
    }
    html.append("</section>\n</main>\n</body>\n</html>\n");
    Layout.send(ctx, html.toString());
  }
}
