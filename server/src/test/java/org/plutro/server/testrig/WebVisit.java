package org.plutro.server.testrig;

import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.plutro.server.http.web.WebSessions;

/**
 * A browser's visit over plain HTTP: its {@code plutro_session} cookie, sent with a browser's
 * Accept header. A member signs in through the OAuth authorize page's form (the sign-in pages are
 * built elsewhere); the cookie it sets is the one every page reads.
 */
public final class WebVisit {
  public static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  private final TestInstance plutro;
  private String cookie;

  private WebVisit(TestInstance plutro, String cookie) {
    this.plutro = plutro;
    this.cookie = cookie;
  }

  /** A visitor without a session yet. */
  public static WebVisit anonymous(TestInstance plutro) {
    return new WebVisit(plutro, null);
  }

  /** {@code username} (registered by the test rig) signed in. */
  public static WebVisit signedIn(TestInstance plutro, String username) {
    Browser browser = new Browser(plutro);
    Reply form = browser.get("/oauth/authorize?response_type=code&client_id=" + plutro.app().clientId()
        + "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read");
    Map<String, String> fields = new HashMap<>(Browser.hiddenFields(form.body()));
    fields.put("login", username + "@example.org");
    fields.put("password", "a long password");
    fields.put("decision", "approve");
    Reply approved = browser.post("/oauth/authorize", fields);
    if (approved.status() != 200) {
      throw new IllegalStateException("sign-in failed: " + approved);
    }
    String cookie = null;
    for (String set : browser.setCookies()) {
      if (set.startsWith(WebSessions.COOKIE + "=")) {
        cookie = set.substring(WebSessions.COOKIE.length() + 1).split(";", 2)[0];
      }
    }
    return new WebVisit(plutro, cookie);
  }

  /** The session cookie's value (null before any page set one). */
  public String cookie() {
    return cookie;
  }

  public Reply get(String path) {
    return remember(cookie == null ? plutro.get(path, "Accept", ACCEPT)
        : plutro.get(path, "Accept", ACCEPT, "Cookie", WebSessions.COOKIE + "=" + cookie));
  }

  public Reply post(String path, Map<String, String> form) {
    return remember(cookie == null ? plutro.postForm(path, form, "Accept", ACCEPT)
        : plutro.postForm(path, form, "Accept", ACCEPT, "Cookie", WebSessions.COOKIE + "=" + cookie));
  }

  /** The page at {@code path}, which must answer 200. */
  public Document page(String path) {
    Reply reply = get(path);
    if (reply.status() != 200) {
      throw new AssertionError(path + " answered " + reply.status() + ": " + reply.body());
    }
    return Jsoup.parse(reply.body(), plutro.base());
  }

  private Reply remember(Reply reply) {
    for (String set : reply.headers().allValues("Set-Cookie")) {
      if (set.startsWith(WebSessions.COOKIE + "=")) {
        cookie = set.substring(WebSessions.COOKIE.length() + 1).split(";", 2)[0];
      }
    }
    return reply;
  }
}
