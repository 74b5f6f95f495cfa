package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Inbox;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.WebSignIn;

/**
 * With registrations = approval: each admin is mailed a sign-up that waits (once its address is
 * confirmed), with its reason and the queue's address; the queue at
 * {@code /admin/accounts?status=pending} approves or refuses, and the person is mailed the answer;
 * the command line's answers are mailed too. Nobody but an admin finds the queue.
 */
class PendingSignUpsPageTest {
  static final String QUEUE = "/admin/accounts?status=pending";
  static Inbox inbox;
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    inbox = Inbox.start();
    Map<String, String> env = new HashMap<>(inbox.environment());
    env.put("PLUTRO_REGISTRATIONS", "approval");
    plutro = TestInstance.start(env);
    plutro.register("ada");
    plutro.register("ben");
    for (String admin : List.of("ada", "ben")) {
      plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts"
          + " WHERE username = $1 AND domain IS NULL)", admin);
    }
    plutro.register("cy");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    inbox.close();
  }

  /** Signs {@code username} up with the page, with {@code reason}, and opens the mailed link. */
  static void signUpAndConfirm(String username, String reason) {
    Browser browser = new Browser(plutro);
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(browser.get("/auth/sign_up").body()));
    form.putAll(Map.of("username", username, "email", username + "@example.org",
        "password", "a long password", "password_confirmation", "a long password", "agreement", "1",
        "reason", reason));
    assertEquals(303, browser.post("/auth/sign_up", form).status());
    String link = inbox.await(username + "@example.org", "Confirm your email address for Plutro")
        .link(plutro.base() + "/auth/confirmation");
    assertEquals(200, browser.get(link.substring(plutro.base().length())).status());
  }

  static Map<String, String> buttonForm(String page, String action) {
    Document html = Jsoup.parse(page);
    var button = html.selectFirst("form[action=\"" + action + "\"]");
    assertNotNull(button, "no form posting to " + action);
    Map<String, String> form = new HashMap<>();
    button.select("input[type=hidden]").forEach(input -> form.put(input.attr("name"), input.attr("value")));
    return form;
  }

  /** The mail telling {@code admin} that {@code username} waits (other tests' sign-ups wait too). */
  static Inbox.Mail noticeAbout(String admin, String username) {
    java.util.function.Supplier<java.util.Optional<Inbox.Mail>> find = () -> inbox.to(admin + "@example.org")
        .stream().filter(mail -> mail.subject().equals("New sign-up waiting for approval on Plutro")
            && mail.text().startsWith("@" + username + " ")).findFirst();
    Eventually.within10s("the mail to " + admin + " about " + username, () -> find.get().isPresent());
    return find.get().orElseThrow();
  }

  static String idOf(String username) {
    return Long.toString(plutro.sql("SELECT id FROM accounts WHERE username = $1 AND domain IS NULL", username)
        .iterator().next().getLong(0));
  }

  @Test
  void eachAdminIsToldAndTheQueueAnswersThePerson() {
    signUpAndConfirm("dora", "I run the <b>choir</b>.\n\nhttps://evil.example/phish");
    String id = idOf("dora");
    for (String admin : List.of("ada", "ben")) {
      Inbox.Mail notice = noticeAbout(admin, "dora");
      assertTrue(notice.text().contains("@dora (dora@example.org)"), notice.text());
      assertTrue(notice.text().contains("Their reason: “I run the <b>choir</b>. https://evil.example/phish”"),
          "the reason on one line, quoted: " + notice.text());
      assertEquals(plutro.base() + QUEUE, notice.link(plutro.base() + "/admin/"));
      assertFalse(notice.html().contains("href=\"https://evil.example"), "the reason is no link: " + notice.html());
      assertFalse(notice.html().contains("<b>choir"), notice.html());
    }
    assertTrue(inbox.to("cy@example.org").stream().noneMatch(mail -> mail.subject().startsWith("New sign-up")),
        "members are not told");

    Browser admin = WebSignIn.as(plutro, "ada");
    Reply queue = admin.get(QUEUE);
    assertEquals(200, queue.status(), queue.body());
    Document page = Jsoup.parse(queue.body());
    assertTrue(page.text().contains("@dora@" + plutro.authority()), page.text());
    assertEquals("I run the <b>choir</b>.\n\nhttps://evil.example/phish",
        page.selectFirst("blockquote.reason").wholeText(), "the reason, escaped");
    assertTrue(queue.body().contains("I run the &lt;b&gt;choir&lt;/b&gt;."), "escaped");
    assertNotNull(page.selectFirst("a[aria-current=page][href=\"" + QUEUE + "\"]"), "the navigation shows the queue");

    // Without the form's token nothing happens.
    assertEquals(403, admin.post("/admin/accounts/" + id + "/approve", Map.of()).status());
    assertEquals(0, plutro.count("SELECT count(*) FROM users WHERE approved AND account_id = " + id));

    Reply approved = admin.post("/admin/accounts/" + id + "/approve",
        buttonForm(queue.body(), "/admin/accounts/" + id + "/approve"));
    assertEquals(303, approved.status());
    assertEquals(QUEUE, approved.header("Location"));
    Reply after = admin.get(QUEUE);
    assertTrue(after.body().contains("Approved @dora: they were mailed the news."), after.body());
    assertFalse(after.body().contains("@dora@"), "no longer waiting: " + after.body());
    Inbox.Mail welcome = inbox.await("dora@example.org", "Welcome to Plutro: your account is approved");
    assertEquals(plutro.base() + "/auth/sign_in", welcome.link(plutro.base() + "/auth/sign_in"));
    assertEquals(200, plutro.get("/users/dora", "Accept", "application/activity+json").status());

    // A stale button (answered meanwhile) changes nothing and says so.
    Reply again = admin.post("/admin/accounts/" + id + "/reject",
        buttonForm(queue.body(), "/admin/accounts/" + id + "/approve"));
    assertEquals(303, again.status());
    assertTrue(admin.get(QUEUE).body().contains("That sign-up was already answered."));
    assertEquals(1, plutro.count("SELECT count(*) FROM users WHERE account_id = " + id));
  }

  @Test
  void refusingRemovesTheAccountAndMailsThePerson() {
    signUpAndConfirm("eve", "spam, probably");
    String id = idOf("eve");
    Browser admin = WebSignIn.as(plutro, "ben");
    Reply queue = admin.get(QUEUE);
    Reply refused = admin.post("/admin/accounts/" + id + "/reject",
        buttonForm(queue.body(), "/admin/accounts/" + id + "/reject"));
    assertEquals(303, refused.status());
    assertTrue(admin.get(QUEUE).body().contains("Refused @eve: the account is removed"));
    assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'eve'"));
    assertEquals(1, plutro.count("SELECT count(*) FROM admin_action_logs WHERE action = 'reject'"
        + " AND target_label = '@eve' AND by_name = '@ben' AND account_id IS NOT NULL"),
        "the audit log keeps who refused whom, though the account is gone");
    Inbox.Mail mail = inbox.await("eve@example.org", "Your sign-up on Plutro was not approved");
    assertTrue(mail.text().contains("Hello @eve,"), mail.text());
  }

  @Test
  void theCommandLinesAnswersAreMailedToo() {
    signUpAndConfirm("fay", "I bake.");
    signUpAndConfirm("gil", "I juggle.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, cli(out, "account", "approve", "--account", "fay"), out.toString());
    assertEquals(0, cli(out, "account", "reject", "--account", "gil"), out.toString());
    // The server's job queue sends them (it polls the database the command line wrote to).
    inbox.await("fay@example.org", "Welcome to Plutro: your account is approved");
    inbox.await("gil@example.org", "Your sign-up on Plutro was not approved");
  }

  @Test
  void nobodyButAnAdminFindsTheQueue() {
    Browser member = WebSignIn.as(plutro, "cy");
    assertEquals(404, member.get(QUEUE).status());
    Reply page = member.get("/settings/profile");
    assertFalse(page.body().contains(QUEUE), "no link for a member");
    Map<String, String> token = Browser.hiddenFields(page.body());
    signUpAndConfirm("hal", "Let me in.");
    String id = idOf("hal");
    assertEquals(404, member.post("/admin/accounts/" + id + "/approve", token).status());
    assertEquals(404, member.post("/admin/accounts/" + id + "/reject", token).status());
    assertEquals(1, plutro.count("SELECT count(*) FROM users WHERE NOT approved AND account_id = " + id));

    Reply visitor = new Browser(plutro).get(QUEUE);
    assertEquals(303, visitor.status());
    assertTrue(visitor.header("Location").startsWith("/auth/sign_in?return_to="), visitor.header("Location"));
  }

  static int cli(ByteArrayOutputStream out, String... args) {
    out.reset();
    return AdminCommand.run(plutro.settings(), List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }
}
