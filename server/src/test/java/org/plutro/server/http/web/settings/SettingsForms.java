package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** What the settings tests do: open a page, read its CSRF token, post a form, set a profile by API. */
final class SettingsForms {
  static final String FIELD = "authenticity_token";

  private SettingsForms() {}

  /** The page at {@code path}, which must open. */
  static Document open(Browser browser, String path) {
    Reply reply = browser.get(path);
    assertEquals(200, reply.status(), path + ": " + reply.body());
    return Jsoup.parse(reply.body());
  }

  /** The page's CSRF token, as its forms carry it. */
  static String token(Document page) {
    return page.selectFirst("input[name=" + FIELD + "]").val();
  }

  /** A form: the token, then name, value pairs. */
  static Map<String, String> form(String token, String... pairs) {
    Map<String, String> form = new LinkedHashMap<>();
    if (token != null) {
      form.put(FIELD, token);
    }
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  /** Changes the member's profile through the API ({@code update_credentials}, JSON). */
  static Reply updateCredentials(TestInstance plutro, Member member, JsonObject changes) {
    return plutro.send(HttpRequest.newBuilder(URI.create(plutro.base()
            + "/api/v1/accounts/update_credentials")).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(changes.encode())),
        "Authorization", "Bearer " + member.token());
  }

  /** Posts the form and expects the redirect back to {@code path}, which then shows {@code notice}. */
  static Document saved(Browser browser, String path, Map<String, String> form, String back,
      String notice) {
    Reply reply = browser.post(path, form);
    assertEquals(303, reply.status(), reply.body());
    assertEquals(back, reply.header("Location"));
    Document page = open(browser, back);
    assertEquals(notice, page.selectFirst("p.notice").text());
    return page;
  }
}
