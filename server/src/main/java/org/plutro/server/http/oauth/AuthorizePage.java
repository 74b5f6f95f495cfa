package org.plutro.server.http.oauth;

import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.plutro.server.domain.Account;
import org.plutro.server.http.web.Frame;
import org.plutro.server.http.web.Pages;

/**
 * The pages of the authorization flow, in the site's frame: sign-in and consent, the out-of-band
 * code, and errors. Plain HTML forms: no JavaScript needed. Never cached or framed. The consent
 * form's answer is a redirect to the app, so this page alone lets forms lead to the app's
 * redirect URI (Mastodon does the same).
 */
final class AuthorizePage {
  private static final Map<String, String> SCOPE_TEXT = Map.ofEntries(
      Map.entry("read", "Read all your account's data"),
      Map.entry("write", "Modify all your account's data"),
      Map.entry("follow", "Modify account relationships"),
      Map.entry("push", "Receive your push notifications"),
      Map.entry("profile", "Read only your account's profile information"),
      Map.entry("admin:read", "Read all data on the server"),
      Map.entry("admin:write", "Modify all data on the server"));
  // What may stand in a CSP source: a scheme, and a host (name or bracketed IPv6) with a port.
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");

  private final Pages pages;

  AuthorizePage(Pages pages) {
    this.pages = pages;
  }

  /**
   * The form: sign-in fields when nobody (or, with force_login, somebody else) must sign in; the
   * code field when a right password waits for its two-factor code.
   */
  void consent(RoutingContext ctx, int status, Frame frame, AuthorizationRequest request, Account signedIn,
      boolean askSignIn, String error) {
    consent(ctx, status, frame, request, signedIn, askSignIn, false, error);
  }

  void consent(RoutingContext ctx, int status, Frame frame, AuthorizationRequest request, Account signedIn,
      boolean askSignIn, boolean askCode, String error) {
    List<ConsentView.Scope> scopes = new ArrayList<>();
    for (String scope : request.scopes()) {
      scopes.add(new ConsentView.Scope(scope, SCOPE_TEXT.getOrDefault(scope, describe(scope))));
    }
    ConsentView view = new ConsentView(request.client().name(), request.client().website(), scopes,
        request.hiddenFields(), request.forceLogin(), askSignIn && !askCode, askCode,
        signedIn == null ? null : signedIn.username(), switchAccountLink(request), error);
    send(ctx, status, "oauth/authorize.jte", frame.withTitle("Authorize " + request.client().name()),
        Map.of("view", view), request.outOfBand() ? null : request.redirectUri());
  }

  /** For {@code urn:ietf:wg:oauth:2.0:oob}: the code, to copy into the app. */
  void code(RoutingContext ctx, Frame frame, String code) {
    send(ctx, 200, "oauth/code.jte", frame.withTitle("Authorization code"), Map.of("code", code), null);
  }

  void notice(RoutingContext ctx, int status, Frame frame, String title, String text) {
    Map<String, Object> params = new HashMap<>();
    params.put("text", text);
    send(ctx, status, "auth/message.jte", frame.withTitle(title), params, null);
  }

  private void send(RoutingContext ctx, int status, String template, Frame frame, Map<String, Object> params,
      String redirectUri) {
    String html = pages.render(template, frame.hiddenFromSearch(), params);
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", Pages.CSP.replace("form-action 'self'",
            "form-action 'self'" + formTarget(redirectUri)))
        .end(html);
  }

  /**
   * The redirect URI's origin (or, for an app's own scheme, the scheme) as a CSP source, so that
   * the consent form's redirect to it is allowed; nothing if it cannot be written safely.
   */
  static String formTarget(String redirectUri) {
    if (redirectUri == null) {
      return "";
    }
    try {
      URI uri = new URI(redirectUri);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!SCHEME.matcher(scheme).matches()) {
        return "";
      }
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return " " + scheme + ":";
      }
      String host = uri.getHost();
      if (host == null || !HOST.matcher(host).matches()) {
        return "";
      }
      return " " + scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (Exception e) {
      return "";
    }
  }

  private static String describe(String scope) {
    int colon = scope.lastIndexOf(':');
    String kind = scope.startsWith("admin:write") || scope.startsWith("write") ? "Modify" : "Read";
    return kind + " your " + scope.substring(colon + 1).replace('_', ' ');
  }

  private static String switchAccountLink(AuthorizationRequest request) {
    StringBuilder link = new StringBuilder("/oauth/authorize?");
    for (var field : request.hiddenFields().entrySet()) {
      link.append(encode(field.getKey())).append('=').append(encode(field.getValue())).append('&');
    }
    return link.append("force_login=true").toString();
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
