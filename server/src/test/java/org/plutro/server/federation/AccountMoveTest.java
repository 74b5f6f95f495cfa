package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Account migration across two Plutros: the new account names the old one as an alias, the old
 * one moves; followers on both servers follow the new account instead, and the old account says
 * where it went. A move to an account that does not name the mover is refused.
 */
class AccountMoveTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static Reply post(TestInstance on, String path, Member member, Map<String, String> form) {
    return on.postForm(path, form, "Authorization", "Bearer " + member.token());
  }

  @Test
  void followersOnBothServersFollowTheNewAccountAfterAMove() {
    Member fred = net.a().register("fred");
    Member ollie = net.b().register("ollie");
    Member nova = net.b().register("nova");
    Member betty = net.b().register("betty");
    String ollieOnA = TwoInstancesTest.resolve(net.a(), fred, net.b(), "ollie");
    assertEquals(200, post(net.a(), "/api/v1/accounts/" + ollieOnA + "/follow", fred, Map.of()).status());
    assertEquals(200, post(net.b(), "/api/v1/accounts/" + ollie.id() + "/follow", betty, Map.of()).status());
    Eventually.within10s("fred follows ollie", () -> net.b().get("/api/v1/accounts/" + ollie.id()).json()
        .getLong("followers_count") == 2L);

    // Without the alias, the move is refused; with a wrong password too.
    assertEquals(422, post(net.b(), "/api/v1/plutro/move", ollie, Map.of("acct", "nova",
        "password", "a long password")).status());
    Reply aliased = post(net.b(), "/api/v1/plutro/aliases", nova, Map.of("acct", "ollie"));
    assertEquals(200, aliased.status(), aliased.body());
    assertEquals(ollie.actorUri(), aliased.array().getJsonObject(0).getString("uri"));
    JsonObject novaActor = net.b().get("/users/nova", "Accept", "application/activity+json").json();
    assertEquals(ollie.actorUri(), novaActor.getJsonArray("alsoKnownAs").getString(0));
    assertEquals(403, post(net.b(), "/api/v1/plutro/move", ollie, Map.of("acct", "nova",
        "password", "wrong")).status());
    assertEquals(2L, net.b().get("/api/v1/accounts/" + ollie.id()).json().getLong("followers_count"),
        "nothing moved yet");

    Reply moved = post(net.b(), "/api/v1/plutro/move", ollie, Map.of("acct", "nova", "password", "a long password"));
    assertEquals(200, moved.status(), moved.body());
    assertEquals(nova.actorUri(), net.b().get("/users/ollie", "Accept", "application/activity+json").json()
        .getString("movedTo"));

    Eventually.within10s("both followers now follow nova, and not ollie", () ->
        net.b().get("/api/v1/accounts/" + nova.id()).json().getLong("followers_count") == 2L
            && net.b().get("/api/v1/accounts/" + ollie.id()).json().getLong("followers_count") == 0L);
    String novaOnA = net.a().getWithToken("/api/v1/accounts/lookup?acct=nova@" + net.b().authority(), fred.token())
        .json().getString("id");
    Eventually.within10s("nova's server accepted fred's follow", () -> net.a().getWithToken(
        "/api/v1/accounts/relationships?id[]=" + novaOnA, fred.token()).array().getJsonObject(0)
        .getBoolean("following"));
    assertFalse(net.a().getWithToken("/api/v1/accounts/relationships?id[]=" + ollieOnA, fred.token()).array()
        .getJsonObject(0).getBoolean("following"));
    assertEquals("nova@" + net.b().authority(), net.a().getWithToken("/api/v1/accounts/" + ollieOnA, fred.token()).json()
        .getJsonObject("moved").getString("acct"), "the old account shows where it went");
  }

  @Test
  void badAliasesAndMovesChangeNothing() {
    Member zed = net.b().register("zed");
    assertEquals(404, post(net.b(), "/api/v1/plutro/aliases", zed, Map.of("acct", "nobody")).status());
    assertEquals(422, post(net.b(), "/api/v1/plutro/aliases", zed, Map.of("acct", "zed")).status(), "not oneself");
    assertEquals(422, post(net.b(), "/api/v1/plutro/aliases", zed, Map.of()).status());
    assertEquals(0, net.b().getWithToken("/api/v1/plutro/aliases", zed.token()).array().size());
    assertEquals(404, post(net.b(), "/api/v1/plutro/move", zed, Map.of("acct", "nobody", "password", "a long password")).status());
    assertEquals(403, post(net.b(), "/api/v1/plutro/move", zed, Map.of("acct", "zed")).status(), "no password");
    assertFalse(net.b().get("/users/zed", "Accept", "application/activity+json").json().containsKey("movedTo"));
  }
}
