package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.plutro.federation.webfinger.WebFingerClient;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.InteractionTargets.Target;
import org.plutro.server.uri.Uris;

/**
 * {@code /remote_interaction?uri=…}: "follow (or answer) from your own server", for someone whose
 * account is elsewhere, as Mastodon's remote-interaction dialog does it. They give their handle;
 * we ask their server by WebFinger for its subscribe template
 * ({@code http://ostatus.org/schema/1.0/subscribe}) and show a link to it, filled with the address
 * of our member or post. A link, not a redirect: the page's policy lets forms go nowhere else.
 */
public final class RemoteInteractionPages {
  private static final Pattern HANDLE = Pattern.compile("^@?[^@\\s/]+@[^@\\s/]+$");

  private final Visits visits;
  private final Pages pages;
  private final InteractionTargets targets;
  private final VisitorPosts visitorPosts;
  private final WebFingerClient webfinger;
  private final Uris uris;

  public RemoteInteractionPages(Visits visits, Pages pages, InteractionTargets targets,
      VisitorPosts visitorPosts, WebFingerClient webfinger, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.targets = targets;
    this.visitorPosts = visitorPosts;
    this.webfinger = webfinger;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(WebPaths.REMOTE_INTERACTION).handler(this::show);
    router.post(WebPaths.REMOTE_INTERACTION).handler(this::lookUp);
  }

  private void show(RoutingContext ctx) {
    String uri = ctx.request().getParam("uri");
    visits.withSession(ctx).compose(visit -> target(uri).compose(target ->
            page(ctx, visit, 200, target, uri, "", "", null)))
        .onFailure(ctx::fail);
  }

  private void lookUp(RoutingContext ctx) {
    String uri = ctx.request().getFormAttribute("uri");
    String handle = String.valueOf(ctx.request().getFormAttribute("handle")).strip();
    visits.form(ctx).compose(visit -> target(uri).compose(target -> {
      if (!HANDLE.matcher(handle).matches()) {
        return page(ctx, visit, 422, target, uri, handle,
            "Write your handle as name@your.server, the way it shows on your profile.", null);
      }
      String acct = handle.startsWith("@") ? handle.substring(1) : handle;
      String host = acct.substring(acct.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      Future<String> template = host.equals(uris.authority().toLowerCase(Locale.ROOT))
          ? Future.succeededFuture(WebPaths.AUTHORIZE_INTERACTION + "?uri={uri}")
          : webfinger.subscribeTemplate(acct);
      return template.map(found -> continueAt(found, target))
          .compose(link -> link.isPresent()
              ? page(ctx, visit, 200, target, uri, handle, "", new Continue(link.get(), host))
              : Future.failedFuture(new IllegalStateException("not a web address")))
          .recover(failure -> page(ctx, visit, 422, target, uri, handle, "We could not find how "
              + host + " follows and answers posts. Check your handle, or search for the address"
              + " below in your app.", null));
    })).onFailure(ctx::fail);
  }

  /** The template filled with the target's address, if it leads to a web page. */
  private static Optional<String> continueAt(String template, Target target) {
    String address = target.isAccount() ? target.account().uri() : target.status().uri();
    String link = template.replace("{uri}", URLEncoder.encode(address, StandardCharsets.UTF_8));
    if (link.startsWith("/")) {
      return Optional.of(link);
    }
    try {
      String scheme = URI.create(link).getScheme();
      return "https".equals(scheme) || "http".equals(scheme) ? Optional.of(link) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** One of ours anyone may see, or 404. */
  private Future<Target> target(String uri) {
    return targets.ours(uri).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private Future<Void> page(RoutingContext ctx, Visit visit, int status, Target target, String uri,
      String handle, String error, Continue next) {
    Future<Optional<PostView>> post = target.isAccount() ? Future.succeededFuture(Optional.empty())
        : visitorPosts.of(List.of(target.status())).map(list -> list.stream().findFirst());
    return post.map(shown -> {
      Map<String, Object> params = new HashMap<>();
      params.put("uri", target.isAccount() ? target.account().uri() : target.status().uri());
      params.put("account", Optional.ofNullable(target.isAccount()
          ? AccountCard.of(target.account(), uris) : null));
      params.put("post", shown);
      params.put("handle", handle);
      params.put("error", error);
      params.put("next", Optional.ofNullable(next));
      String title = target.isAccount() ? "Follow " + AccountCard.of(target.account(), uris).name()
          : "Interact from your own server";
      pages.send(ctx, status, "visitor/remote.jte", visit.frame(title).hiddenFromSearch(), params);
      return null;
    });
  }

  /** Where to go on, and the name of the server it is on. */
  public record Continue(String link, String host) {}
}
