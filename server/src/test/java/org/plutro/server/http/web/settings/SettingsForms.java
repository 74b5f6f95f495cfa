package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** What the settings tests do besides opening pages: set a profile by API, save a form and see its notice. */
final class SettingsForms {
  private SettingsForms() {}

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
    Document page = browser.page(back);
    assertEquals(notice, page.selectFirst("p.notice").text());
    return page;
  }
}
