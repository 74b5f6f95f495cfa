package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * Quote posts across two Plutro instances, as Mastodon 4.5 federates them (FEP-044f): a quote of
 * a post on the same server is approved by its policy at once; a quote of a remote post sends a
 * QuoteRequest and stays pending until the Accept brings the stamp, which the quoted author's
 * server serves at its own id; a post that lets nobody quote it is refused.
 */
class QuotePostsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static Reply post(TestInstance on, Member member, Map<String, String> form) {
    return on.postForm("/api/v1/statuses", form, "Authorization", "Bearer " + member.token());
  }

  @Test
  void aLocalQuoteIsApprovedByThePolicyAndBadInputIsRefused() {
    Member ada = net.a().register("ada");
    Member ben = net.a().register("ben");
    JsonObject open = post(net.a(), ada, Map.of("status", "quote me")).json();
    assertEquals(new io.vertx.core.json.JsonArray().add("public"),
        open.getJsonObject("quote_approval").getJsonArray("automatic"));
    String closed = post(net.a(), ada, Map.of("status", "do not quote me", "quote_approval_policy", "nobody"))
        .json().getString("id");

    Reply quote = post(net.a(), ben, Map.of("status", "look at this", "quoted_status_id", open.getString("id")));
    assertEquals(200, quote.status(), quote.body());
    JsonObject entity = quote.json().getJsonObject("quote");
    assertEquals("accepted", entity.getString("state"));
    assertEquals(open.getString("id"), entity.getJsonObject("quoted_status").getString("id"));
    assertEquals(1L, net.a().get("/api/v1/statuses/" + open.getString("id")).json().getLong("quotes_count"));
    io.vertx.core.json.JsonArray notified = net.a().getWithToken("/api/v1/notifications?types[]=quote", ada.token()).array();
    assertEquals(1, notified.size(), notified.encode());
    assertEquals("quote", notified.getJsonObject(0).getString("type"));
    assertEquals(quote.json().getString("id"), notified.getJsonObject(0).getJsonObject("status").getString("id"));
    io.vertx.core.json.JsonArray quotes = net.a().getWithToken("/api/v1/statuses/" + open.getString("id") + "/quotes",
        ada.token()).array();
    assertEquals(1, quotes.size());
    assertEquals(quote.json().getString("id"), quotes.getJsonObject(0).getString("id"));
    assertEquals(404, net.a().getWithToken("/api/v1/statuses/" + open.getString("id") + "/quotes", ben.token()).status(),
        "only the author lists the quotes of a post");

    long before = net.a().count("SELECT count(*) FROM statuses");
    Reply refused = post(net.a(), ben, Map.of("status", "sneaky", "quoted_status_id", closed));
    assertEquals(403, refused.status(), refused.body());
    Reply badPolicy = post(net.a(), ben, Map.of("status", "x", "quote_approval_policy", "friends"));
    assertEquals(422, badPolicy.status(), badPolicy.body());
    Reply unknown = post(net.a(), ben, Map.of("status", "x", "quoted_status_id", "123456789"));
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals(before, net.a().count("SELECT count(*) FROM statuses"), "nothing stored");
  }

  @Test
  void aQuoteOfARemotePostWaitsForTheAuthorsStamp() {
    Member cleo = net.a().register("cleo");
    Member dev = net.b().register("dev");
    String cleoOnB = TwoInstancesTest.resolve(net.b(), dev, net.a(), "cleo");
    InteractionPolicyTest.follow(net.b(), dev, cleoOnB);
    Eventually.within10s("dev follows cleo", () ->
        net.a().get("/api/v1/accounts/" + cleo.id()).json().getLong("followers_count") == 1L);
    JsonObject original = post(net.a(), cleo, Map.of("status", "an original thought")).json();
    String uri = original.getString("uri");
    String onB = InteractionPolicyTest.found(net.b(), dev, uri);

    JsonObject quote = post(net.b(), dev, Map.of("status", "so true", "quoted_status_id", onB)).json();
    assertEquals("pending", quote.getJsonObject("quote").getString("state"), quote.encode());
    assertNull(quote.getJsonObject("quote").getValue("quoted_status"));

    // cleo's server answers the QuoteRequest with an Accept carrying the stamp.
    Eventually.within10s("the quote is accepted", () -> "accepted".equals(
        net.b().getWithToken("/api/v1/statuses/" + quote.getString("id"), dev.token()).json()
            .getJsonObject("quote").getString("state")));
    String stamp = net.b().sql("SELECT authorization_uri FROM quotes WHERE status_id = $1",
        Long.parseLong(quote.getString("id"))).iterator().next().getString(0);
    assertTrue(stamp.startsWith(cleo.actorUri() + "/quote_authorizations/"), stamp);
    // dev's Note now carries the quote as Mastodon writes it, with the stamp, and keeps it when edited.
    assertEquals(200, net.b().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(net.b().base() + "/api/v1/statuses/"
        + quote.getString("id"))).PUT(java.net.http.HttpRequest.BodyPublishers.ofString("status=so+very+true")),
        "Authorization", "Bearer " + dev.token(), "Content-Type", "application/x-www-form-urlencoded").status());
    JsonObject note = net.b().get(quote.getString("uri").substring(net.b().base().length()), "Accept",
        "application/activity+json").json();
    assertEquals(uri, note.getString("quote"));
    assertEquals(uri, note.getString("quoteUri"));
    assertEquals(uri, note.getString("_misskey_quote"));
    assertEquals(stamp, note.getString("quoteAuthorization"));
    assertEquals("https://www.w3.org/ns/activitystreams#Public", note.getJsonObject("interactionPolicy")
        .getJsonObject("canQuote").getJsonArray("automaticApproval").getString(0));
    JsonObject served = net.a().get(stamp.substring(net.a().base().length()), "Accept", "application/activity+json").json();
    assertEquals("QuoteAuthorization", served.getString("type"));
    assertEquals(cleo.actorUri(), served.getString("attributedTo"));
    assertEquals(uri, served.getString("interactionTarget"));
    assertEquals(quote.getString("uri"), served.getString("interactingObject"));
    // cleo's server holds dev's quote too, accepted, and counts it.
    Eventually.within10s("cleo's post counts the quote", () ->
        net.a().get("/api/v1/statuses/" + original.getString("id")).json().getLong("quotes_count") == 1L);

    // cleo withdraws her stamp: the quote is revoked on both servers, and the stamp is gone.
    String quoteOnA = net.a().sql("SELECT id FROM statuses WHERE uri = $1", quote.getString("uri")).iterator().next()
        .getLong(0).toString();
    assertEquals(404, net.a().postForm("/api/v1/statuses/" + original.getString("id") + "/quotes/" + quoteOnA
        + "/revoke", Map.of(), "Authorization", "Bearer " + net.a().register("gus").token()).status(),
        "only cleo may revoke");
    Reply revoked = net.a().postForm("/api/v1/statuses/" + original.getString("id") + "/quotes/" + quoteOnA + "/revoke",
        Map.of(), "Authorization", "Bearer " + cleo.token());
    assertEquals(200, revoked.status(), revoked.body());
    assertEquals("revoked", revoked.json().getJsonObject("quote").getString("state"));
    assertEquals(404, net.a().get(stamp.substring(net.a().base().length()), "Accept", "application/activity+json").status());
    Eventually.within10s("the quote is revoked on dev's server", () -> "revoked".equals(
        net.b().getWithToken("/api/v1/statuses/" + quote.getString("id"), dev.token()).json()
            .getJsonObject("quote").getString("state")));
  }

  @Test
  void aQuoteOfAnAuthorTheViewerBlocksOrMutesSaysSoAndFoldsTheQuotedPostAway() {
    Member lea = net.a().register("lea");
    Member max = net.a().register("max");
    Member nia = net.a().register("nia");
    String quoted = post(net.a(), lea, Map.of("status", "quotable")).json().getString("id");
    String quote = post(net.a(), max, Map.of("status", "quoting lea", "quoted_status_id", quoted)).json().getString("id");
    assertEquals("accepted", quoteAs(net.a(), nia, quote).getString("state"));

    // As Mastodon 4.5: the state says why, and the quoted post comes along for the client to fold away.
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + lea.id() + "/mute", Map.of(),
        "Authorization", "Bearer " + nia.token()).status());
    JsonObject muted = quoteAs(net.a(), nia, quote);
    assertEquals("muted_account", muted.getString("state"));
    assertEquals(quoted, muted.getJsonObject("quoted_status").getString("id"));
    String page = org.plutro.server.testrig.WebSignIn.as(net.a(), nia).get("/@max/" + quote).body();
    assertTrue(page.contains("Quoted post hidden: you muted its author."), page);
    assertTrue(page.contains("<details class=\"quote\">"), page);

    assertEquals(200, net.a().postForm("/api/v1/accounts/" + lea.id() + "/block", Map.of(),
        "Authorization", "Bearer " + nia.token()).status());
    assertEquals("blocked_account", quoteAs(net.a(), nia, quote).getString("state"), "a block outranks a mute");
    // Others, and lea herself, still see it accepted.
    assertEquals("accepted", quoteAs(net.a(), max, quote).getString("state"));
    assertEquals("accepted", quoteAs(net.a(), lea, quote).getString("state"));
    // In a timeline (several statuses read at once) the state is the same.
    io.vertx.core.json.JsonArray timeline = net.a().getWithToken("/api/v1/accounts/" + max.id() + "/statuses",
        nia.token()).array();
    assertEquals("blocked_account", timeline.getJsonObject(0).getJsonObject("quote").getString("state"));
  }

  @Test
  void aQuoteOfAnAuthorOnADomainTheViewerBlocksSaysBlockedDomain() {
    Member oli = net.a().register("oli");
    Member pam = net.b().register("pam");
    Member quin = net.b().register("quin");
    JsonObject original = post(net.a(), oli, Map.of("status", "from across the wire")).json();
    String onB = InteractionPolicyTest.found(net.b(), pam, original.getString("uri"));
    String quote = post(net.b(), pam, Map.of("status", "look", "quoted_status_id", onB)).json().getString("id");
    Eventually.within10s("the quote is accepted", () -> "accepted".equals(quoteAs(net.b(), quin, quote).getString("state")));

    String domain = net.b().sql("SELECT domain FROM accounts WHERE uri = $1", oli.actorUri()).iterator().next().getString(0);
    assertEquals(200, net.b().postForm("/api/v1/domain_blocks", Map.of("domain", domain),
        "Authorization", "Bearer " + quin.token()).status());
    JsonObject blocked = quoteAs(net.b(), quin, quote);
    assertEquals("blocked_domain", blocked.getString("state"));
    assertEquals(onB, blocked.getJsonObject("quoted_status").getString("id"));
    assertEquals("accepted", quoteAs(net.b(), pam, quote).getString("state"));
  }

  @Test
  void aQuotedPostShowsItsOwnQuoteShallowAndSaysWhenTheViewerMayNotSeeItOrItIsGone() {
    Member kim = net.a().register("kim");
    Member lou = net.a().register("lou");
    Member mia = net.a().register("mia");
    Member ned = net.a().register("ned");
    String first = post(net.a(), kim, Map.of("status", "the first")).json().getString("id");
    String second = post(net.a(), lou, Map.of("status", "quoting kim", "quoted_status_id", first))
        .json().getString("id");
    String third = post(net.a(), mia, Map.of("status", "quoting lou", "quoted_status_id", second))
        .json().getString("id");

    // The quoted post comes whole, its own quote shallow (Mastodon's ShallowQuote): by id and in a list.
    JsonObject quoted = quoteAs(net.a(), ned, third).getJsonObject("quoted_status");
    assertEquals(second, quoted.getString("id"));
    assertEquals(first, quoted.getJsonObject("quote").getString("quoted_status_id"));
    assertFalse(quoted.getJsonObject("quote").containsKey("quoted_status"));
    JsonObject listed = net.a().getWithToken("/api/v1/accounts/" + mia.id() + "/statuses", ned.token())
        .array().getJsonObject(0).getJsonObject("quote");
    assertEquals(quoted, listed.getJsonObject("quoted_status"));

    // Once kim blocks ned, ned may not see her post: quoted, it is unauthorized, shallow too.
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + ned.id() + "/block", Map.of(),
        "Authorization", "Bearer " + kim.token()).status());
    JsonObject hidden = quoteAs(net.a(), ned, second);
    assertEquals("unauthorized", hidden.getString("state"));
    assertNull(hidden.getValue("quoted_status"));
    JsonObject shallow = quoteAs(net.a(), ned, third).getJsonObject("quoted_status").getJsonObject("quote");
    assertEquals("unauthorized", shallow.getString("state"));
    assertNull(shallow.getValue("quoted_status_id"));
    assertEquals("accepted", quoteAs(net.a(), mia, second).getString("state"));

    // Deleted, it is gone for everyone.
    assertEquals(200, net.a().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(net.a().base() + "/api/v1/statuses/" + first)).DELETE(),
        "Authorization", "Bearer " + kim.token()).status());
    assertEquals("deleted", quoteAs(net.a(), mia, second).getString("state"));
    assertNull(quoteAs(net.a(), mia, second).getValue("quoted_status"));
    assertEquals("deleted", net.a().getWithToken("/api/v1/accounts/" + lou.id() + "/statuses", mia.token())
        .array().getJsonObject(0).getJsonObject("quote").getString("state"));
  }

  static JsonObject quoteAs(TestInstance on, Member viewer, String statusId) {
    return on.getWithToken("/api/v1/statuses/" + statusId, viewer.token()).json().getJsonObject("quote");
  }

  @Test
  void aRemotePostThatLetsNobodyQuoteIsRefused() {
    Member eve = net.a().register("eve");
    Member fay = net.b().register("fay");
    JsonObject closed = post(net.a(), eve, Map.of("status", "mine alone", "quote_approval_policy", "nobody")).json();
    String onB = InteractionPolicyTest.found(net.b(), fay, closed.getString("uri"));
    Reply refused = post(net.b(), fay, Map.of("status", "quoting anyway", "quoted_status_id", onB));
    assertEquals(403, refused.status(), refused.body());
  }

  @Test
  void aMembersDefaultQuotePolicyIsUsedWhenAPostDoesNotSayAndABadOneIsRefused() {
    Member hal = net.a().register("hal");
    Member ivy = net.b().register("ivy");
    Reply set = updateCredentials(hal, "display_name=Hal&source%5Bquote_policy%5D=nobody");
    assertEquals(200, set.status(), set.body());
    assertEquals("nobody", set.json().getJsonObject("source").getString("quote_policy"));
    assertEquals("nobody", net.a().getWithToken("/api/v1/accounts/verify_credentials", hal.token()).json()
        .getJsonObject("source").getString("quote_policy"));
    assertEquals("nobody", net.a().getWithToken("/api/v1/preferences", hal.token()).json()
        .getString("posting:default:quote_policy"));

    Reply bad = updateCredentials(hal, "display_name=Changed&source%5Bquote_policy%5D=everyone");
    assertEquals(422, bad.status(), bad.body());
    JsonObject kept = net.a().getWithToken("/api/v1/accounts/verify_credentials", hal.token()).json();
    assertEquals("nobody", kept.getJsonObject("source").getString("quote_policy"));
    assertEquals("Hal", kept.getString("display_name"), "nothing changed");

    // Without quote_approval_policy, the post follows hal's default; ivy on b may not quote it.
    JsonObject closed = post(net.a(), hal, Map.of("status", "by default mine alone")).json();
    assertEquals(0, closed.getJsonObject("quote_approval").getJsonArray("automatic").size(), closed.encode());
    String onB = InteractionPolicyTest.found(net.b(), ivy, closed.getString("uri"));
    Reply refused = post(net.b(), ivy, Map.of("status", "quoting anyway", "quoted_status_id", onB));
    assertEquals(403, refused.status(), refused.body());
    // What a post says wins over the default.
    JsonObject open = post(net.a(), hal, Map.of("status", "this one you may", "quote_approval_policy", "public")).json();
    assertEquals(new io.vertx.core.json.JsonArray().add("public"),
        open.getJsonObject("quote_approval").getJsonArray("automatic"));
  }

  static Reply updateCredentials(Member member, String form) {
    return net.a().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(net.a().base() + "/api/v1/accounts/update_credentials"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(form)),
        "Authorization", "Bearer " + member.token());
  }

  @Test
  void aScheduledQuoteKeepsItsQuotedPostAndPolicyAndIsPublishedAsAQuote() {
    Member jon = net.a().register("jon");
    Member kit = net.b().register("kit");
    JsonObject original = post(net.a(), jon, Map.of("status", "quote me later")).json();
    String onB = InteractionPolicyTest.found(net.b(), kit, original.getString("uri"));
    String later = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(30).toString();

    long waiting = net.b().count("SELECT count(*) FROM scheduled_statuses");
    Reply unknown = post(net.b(), kit, Map.of("status", "x", "quoted_status_id", "123456789", "scheduled_at", later));
    assertEquals(404, unknown.status(), unknown.body());
    Reply badPolicy = post(net.b(), kit, Map.of("status", "x", "quote_approval_policy", "friends", "scheduled_at", later));
    assertEquals(422, badPolicy.status(), badPolicy.body());
    assertEquals(waiting, net.b().count("SELECT count(*) FROM scheduled_statuses"), "nothing scheduled");

    Reply scheduled = post(net.b(), kit, Map.of("status", "as I said", "quoted_status_id", onB,
        "quote_approval_policy", "followers", "scheduled_at", later));
    assertEquals(200, scheduled.status(), scheduled.body());
    JsonObject params = scheduled.json().getJsonObject("params");
    assertEquals(onB, params.getString("quoted_status_id"));
    assertEquals("followers", params.getString("quote_approval_policy"));

    // Its time comes: it is published quoting jon's post, and jon's server approves the quote.
    net.b().sql("UPDATE scheduled_statuses SET scheduled_at = now() - interval '1 second' WHERE id = $1",
        Long.parseLong(scheduled.json().getString("id")));
    net.b().sql("UPDATE jobs SET run_at = now() WHERE kind = 'scheduled_status'");
    Eventually.within10s("the scheduled quote is published", () -> net.b().count(
        "SELECT count(*) FROM statuses WHERE account_id = $1", Long.parseLong(kit.id())) == 1);
    String published = net.b().sql("SELECT id FROM statuses WHERE account_id = $1", Long.parseLong(kit.id()))
        .iterator().next().getLong(0).toString();
    Eventually.within10s("the quote is accepted", () -> "accepted".equals(
        net.b().getWithToken("/api/v1/statuses/" + published, kit.token()).json().getJsonObject("quote").getString("state")));
    JsonObject status = net.b().getWithToken("/api/v1/statuses/" + published, kit.token()).json();
    assertEquals(onB, status.getJsonObject("quote").getJsonObject("quoted_status").getString("id"));
    assertEquals(new io.vertx.core.json.JsonArray().add("followers"),
        status.getJsonObject("quote_approval").getJsonArray("automatic"));
  }
}
