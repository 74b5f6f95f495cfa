package org.plutro.server.http.web.settings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/**
 * A browser's signed-in session, got the way a browser gets one on this branch: signing in on an
 * app's authorization page (out of band), which leaves a {@code plutro_session} cookie. Requests
 * carry the cookie and the browser's user agent; nothing follows redirects.
 */
final class SignedInSession {
  static final String PASSWORD = "a long password";
  /** What a browser asks for: failures come back as pages, and a visitor is sent to sign in. */
  static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  private final TestInstance plutro;
  private final String cookie;
  private final String userAgent;

  private SignedInSession(TestInstance plutro, String cookie, String userAgent) {
    this.plutro = plutro;
    this.cookie = cookie;
    this.userAgent = userAgent;
  }

  static SignedInSession of(TestInstance plutro, String login) {
    return of(plutro, login, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
  }

  static SignedInSession of(TestInstance plutro, String login, String userAgent) {
    Reply page = plutro.get("/oauth/authorize?response_type=code&client_id=" + plutro.app().clientId()
        + "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read", "User-Agent", userAgent);
    String anonymous = cookieOf(page);
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("login", login);
    form.put("password", PASSWORD);
    form.put("decision", "approve");
    Reply approved = plutro.postForm("/oauth/authorize", form, "User-Agent", userAgent,
        "Cookie", "plutro_session=" + anonymous);
    if (approved.status() != 200) {
      throw new IllegalStateException("sign-in failed: " + approved);
    }
    return new SignedInSession(plutro, cookieOf(approved), userAgent);
  }

  /** The session cookie's value. */
  String cookie() {
    return cookie;
  }

  Reply get(String path) {
    return plutro.get(path, headers());
  }

  java.net.http.HttpResponse<byte[]> getBytes(String path) {
    return plutro.getBytes(path, headers());
  }

  Reply post(String path, Map<String, String> form) {
    return plutro.postForm(path, form, headers());
  }

  /** Posts {@code form} with the page's CSRF token added. */
  Reply submit(String pagePath, String action, Map<String, String> form) {
    Map<String, String> all = new HashMap<>(form);
    all.put("authenticity_token", csrf(pagePath));
    return post(action, all);
  }

  Reply postMultipart(String path, Multipart form) {
    return plutro.postMultipart(path, form, headers());
  }

  /** The CSRF token of the forms on the page at {@code path}. */
  String csrf(String path) {
    Reply page = get(path);
    if (page.status() != 200) {
      throw new IllegalStateException(path + ": " + page.status());
    }
    return Browser.hiddenFields(page.body()).get("authenticity_token");
  }

  private String[] headers() {
    List<String> headers = new ArrayList<>(List.of("Cookie", "plutro_session=" + cookie));
    headers.addAll(List.of("User-Agent", userAgent, "Accept", ACCEPT));
    return headers.toArray(String[]::new);
  }

  private static String cookieOf(Reply reply) {
    for (String header : reply.headers().allValues("Set-Cookie")) {
      if (header.startsWith("plutro_session=")) {
        return header.substring("plutro_session=".length(), header.indexOf(';'));
      }
    }
    throw new IllegalStateException("no session cookie: " + reply);
  }
}
