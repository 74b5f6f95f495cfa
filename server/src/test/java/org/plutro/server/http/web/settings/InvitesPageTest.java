package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.WebSignIn;

/**
 * {@code /invites}: with registrations = invite, a member makes invite links (how many uses, when
 * they expire), sees them used, and revokes them; someone signs up with one and meets the inviter.
 * Bad choices and forms without their token change nothing; where members may not invite
 * ({@code PLUTRO_INVITES_BY_MEMBERS=false}, or another kind of registrations) the page is not found.
 */
class InvitesPageTest {

  static Map<String, String> createForm(Browser browser, String maxUses, String expiresIn) {
    Reply page = browser.get("/invites");
    assertEquals(200, page.status(), page.body());
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("max_uses", maxUses);
    form.put("expires_in", expiresIn);
    return form;
  }

  /** A member, made with the command line: with invites only, the API lets nobody in. */
  static void member(TestInstance plutro, String username) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, org.plutro.server.cli.AdminCommand.run(plutro.settings(), java.util.List.of("account",
        "create", "--username", username, "--email", username + "@example.org", "--password",
        WebSignIn.PASSWORD), print, print), out.toString());
  }

  /** The codes of the member's invites, the newest first. */
  static java.util.List<String> codes(Document page) {
    return page.select("table.invites td[data-label=Link]").stream()
        .map(cell -> cell.text().replaceFirst(".*/invite/", "")).toList();
  }

  @Test
  void aMemberMakesAnInviteSomeoneJoinsWithItAndAnotherIsRevoked() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "invite"))) {
      member(plutro, "ines");
      plutro.sql("UPDATE accounts SET display_name = 'Inès <script>x</script>' WHERE username = 'ines'");
      Browser ines = WebSignIn.as(plutro, "ines");
      Document empty = Jsoup.parse(ines.get("/settings/profile").body());
      assertNotNull(empty.selectFirst("nav.settings-nav a[href=/invites]"), "the navigation offers invites");
      assertTrue(Jsoup.parse(ines.get("/invites").body()).text().contains("You have not made any invite link yet."));

      Reply made = ines.post("/invites", createForm(ines, "1", Integer.toString(24 * 60 * 60)));
      assertEquals(303, made.status(), made.body());
      assertEquals("/invites", made.header("Location"));
      Document list = Jsoup.parse(ines.get("/invites").body());
      assertTrue(list.text().contains("Your invite link is ready"), list.text());
      String code = codes(list).get(0);
      assertEquals(12, code.length(), code);
      assertTrue(list.text().contains("0 of 1"), list.text());
      assertTrue(list.text().contains("Until "), list.text());
      assertEquals(1, plutro.count("SELECT count(*) FROM invites WHERE code = $1 AND max_uses = 1"
          + " AND expires_at BETWEEN now() + interval '23 hours' AND now() + interval '25 hours'"
          + " AND inviter_account_id = (SELECT id FROM accounts WHERE username = 'ines')", code));

      // Someone joins with it, and sees who invited them.
      Browser newcomer = new Browser(plutro);
      Reply invitePage = newcomer.get("/invite/" + code);
      assertEquals(200, invitePage.status());
      Document join = Jsoup.parse(invitePage.body());
      assertTrue(join.selectFirst(".inviter").text().contains("Inès <script>x</script>"), join.text());
      assertFalse(invitePage.body().contains("<script>x"), "escaped");
      Map<String, String> signUp = new HashMap<>(Browser.hiddenFields(invitePage.body()));
      signUp.putAll(Map.of("username", "jo", "email", "jo@example.org", "password", "a long password",
          "password_confirmation", "a long password", "agreement", "1"));
      assertEquals(303, newcomer.post("/auth/sign_up", signUp).status());
      Document used = Jsoup.parse(ines.get("/invites").body());
      assertTrue(used.text().contains("1 of 1"), used.text());
      assertTrue(used.text().contains("Used up"), used.text());
      assertTrue(used.select("form[action$=/revoke]").isEmpty(), "nothing to revoke: " + used.html());

      // A second one, without limits, revoked.
      assertEquals(303, ines.post("/invites", createForm(ines, "", "")).status());
      Document two = Jsoup.parse(ines.get("/invites").body());
      String open = codes(two).get(0);
      assertTrue(two.text().contains("0 (no limit)"), two.text());
      assertTrue(two.text().contains("Never expires"), two.text());
      String id = Long.toString(plutro.sql("SELECT id FROM invites WHERE code = $1", open).iterator().next()
          .getLong(0));
      assertEquals(403, ines.post("/invites/" + id + "/revoke", Map.of()).status(), "no token");
      assertEquals(1, plutro.count("SELECT count(*) FROM invites WHERE id = " + id + " AND expires_at IS NULL"));
      Reply revoked = ines.post("/invites/" + id + "/revoke", Browser.hiddenFields(ines.get("/invites").body()));
      assertEquals(303, revoked.status());
      assertTrue(Jsoup.parse(ines.get("/invites").body()).text().contains("The invite link no longer works."));
      assertTrue(new Browser(plutro).get("/invite/" + open).body().contains("This invite no longer works"));

      // Another member cannot revoke hers.
      member(plutro, "kim");
      Browser kim = WebSignIn.as(plutro, "kim");
      assertEquals(303, ines.post("/invites", createForm(ines, "5", "")).status());
      String third = codes(Jsoup.parse(ines.get("/invites").body())).get(0);
      String thirdId = Long.toString(plutro.sql("SELECT id FROM invites WHERE code = $1", third).iterator()
          .next().getLong(0));
      kim.post("/invites/" + thirdId + "/revoke", Browser.hiddenFields(kim.get("/invites").body()));
      assertEquals(1, plutro.count("SELECT count(*) FROM invites WHERE id = " + thirdId + " AND expires_at IS NULL"));
      assertFalse(kim.get("/invites").body().contains(third), "her invites are hers");
    }
  }

  @Test
  void choicesNotOnTheFormAndFormsWithoutTheirTokenMakeNothing() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "invite"))) {
      member(plutro, "lea");
      Browser lea = WebSignIn.as(plutro, "lea");
      for (String[] choice : new String[][] {{"7", ""}, {"", "999"}, {"many", ""}, {"-1", ""}}) {
        Reply refused = lea.post("/invites", createForm(lea, choice[0], choice[1]));
        assertEquals(422, refused.status(), String.join(",", choice));
        assertTrue(Jsoup.parse(refused.body()).select(".field-error").text().contains("Is not included in the list."),
            refused.body());
      }
      Map<String, String> noToken = new HashMap<>(createForm(lea, "1", ""));
      noToken.remove("authenticity_token");
      assertEquals(403, lea.post("/invites", noToken).status());
      Map<String, String> wrongToken = new HashMap<>(noToken);
      wrongToken.put("authenticity_token", "not-the-token");
      assertEquals(403, lea.post("/invites", wrongToken).status());
      assertEquals(0, plutro.count("SELECT count(*) FROM invites"));
    }
  }

  @Test
  void whereMembersMayNotInviteThePageIsNotFound() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "invite",
        "PLUTRO_INVITES_BY_MEMBERS", "false"))) {
      member(plutro, "max");
      member(plutro, "nia");
      plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts WHERE username = 'nia')");
      Browser max = WebSignIn.as(plutro, "max");
      assertEquals(404, max.get("/invites").status());
      Map<String, String> token = Browser.hiddenFields(max.get("/settings/profile").body());
      Map<String, String> form = new HashMap<>(token);
      form.put("max_uses", "1");
      assertEquals(404, max.post("/invites", form).status());
      assertFalse(max.get("/settings/profile").body().contains("href=\"/invites\""));
      assertEquals(0, plutro.count("SELECT count(*) FROM invites"));

      Browser nia = WebSignIn.as(plutro, "nia");
      assertEquals(303, nia.post("/invites", createForm(nia, "1", "")).status(), "an admin still may");
      assertEquals(1, plutro.count("SELECT count(*) FROM invites"));
    }
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "open"))) {
      member(plutro, "oli");
      assertEquals(404, WebSignIn.as(plutro, "oli").get("/invites").status(),
          "with open sign-ups there is nothing to invite to");
    }
  }
}
