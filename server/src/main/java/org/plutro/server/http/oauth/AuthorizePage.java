package org.plutro.server.http.oauth;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.plutro.server.domain.Account;
import static org.plutro.server.text.Html.escape;

/**
 * The server-rendered pages of the authorization flow: sign-in and consent, the out-of-band code,
 * and errors. Plain HTML forms: no JavaScript needed. Pages are never cached or framed.
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

  private AuthorizePage() {}

  /** The form: sign-in fields when nobody (or, with force_login, somebody else) must sign in. */
  static String consent(String instanceName, AuthorizationRequest request, Account signedIn,
      boolean askSignIn, String csrf, String error) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Authorize ").append(escape(request.client().name())).append("?</h1>");
    if (request.client().website() != null) {
      body.append("<p class=\"muted\">").append(escape(request.client().website())).append("</p>");
    }
    body.append("<p>This app asks to use your account on ").append(escape(instanceName))
        .append(". It will be able to:</p><ul>");
    for (String scope : request.scopes()) {
      body.append("<li><code>").append(escape(scope)).append("</code> ")
          .append(escape(SCOPE_TEXT.getOrDefault(scope, describe(scope)))).append("</li>");
    }
    body.append("</ul>");
    if (error != null) {
      body.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>");
    }
    body.append("<form method=\"post\" action=\"/oauth/authorize\">");
    body.append(hidden("authenticity_token", csrf));
    for (var field : request.hiddenFields().entrySet()) {
      body.append(hidden(field.getKey(), field.getValue()));
    }
    if (request.forceLogin()) {
      body.append(hidden("force_login", "true"));
    }
    if (askSignIn) {
      body.append("<fieldset><legend>Sign in</legend>")
          .append("<label>Email or username <input name=\"login\" autocomplete=\"username\" required></label>")
          .append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>")
          .append("</fieldset>");
    } else {
      body.append("<p>Signed in as <strong>@").append(escape(signedIn.username())).append("</strong>. ")
          .append("<a href=\"").append(escape(switchAccountLink(request))).append("\">Not you?</a></p>");
    }
    body.append("<button name=\"decision\" value=\"approve\" type=\"submit\">Authorize</button> ")
        .append("<button name=\"decision\" value=\"deny\" type=\"submit\" formnovalidate>Deny</button>")
        .append("</form>");
    return page("Authorize " + request.client().name(), body.toString());
  }

  /** For {@code urn:ietf:wg:oauth:2.0:oob}: the code, to copy into the app. */
  static String code(String code) {
    return page("Authorization code", "<h1>Authorization code</h1>"
        + "<p>Copy this code and paste it into the app:</p>"
        + "<p><input readonly class=\"code\" value=\"" + escape(code) + "\"></p>");
  }

  static String message(String title, String text) {
    return page(title, "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>");
  }

  static void send(RoutingContext ctx, int status, String html) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
        .end(html);
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + escape(title) + "</title><style>"
        + "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        + "label{display:block;margin:.5rem 0}input{display:block;width:100%;padding:.4rem;box-sizing:border-box}"
        + "fieldset{border:1px solid #ccc;margin:1rem 0}button{padding:.5rem 1rem;margin:.5rem .5rem 0 0}"
        + ".error{color:#a00}.muted{color:#666}.code{font-family:monospace;font-size:1.2rem}"
        + "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem;border-bottom:1px solid #ddd}"
        + "</style></head><body>" + body + "</body></html>";
  }

  static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
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
