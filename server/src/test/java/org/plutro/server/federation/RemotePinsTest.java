package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * Another server's pins, on two real Plutros: B reads A's member's featured collection when it
 * first stores her, and follows her pins and unpins (Add and Remove to her featured collection)
 * as they arrive.
 */
class RemotePinsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  @Test
  void pinsAreReadWhenFirstSeenThenFollowedAsTheyChange() {
    Member pia = net.a().register("pia");
    String first = post(pia, "Read this first");
    String second = post(pia, "And this one");
    String third = post(pia, "Not pinned yet");
    assertEquals(200, act(pia, first, "pin").status());
    assertEquals(200, act(pia, second, "pin").status());

    Member ben = net.b().register("ben");
    String piaOnB = TwoInstancesTest.resolve(net.b(), ben, net.a(), "pia");
    Eventually.within10s("B reads her featured collection",
        () -> pinnedTexts(piaOnB).equals(Set.of("Read this first", "And this one")));

    assertEquals(200, net.b().postForm("/api/v1/accounts/" + piaOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + ben.token()).status());
    Eventually.within10s("B follows her",
        () -> TwoInstancesTest.relationship(net.b(), ben, piaOnB).getBoolean("following"));
    assertEquals(200, act(pia, first, "unpin").status());
    assertEquals(200, act(pia, third, "pin").status());
    Eventually.within10s("her unpin and her new pin reach B",
        () -> pinnedTexts(piaOnB).equals(Set.of("And this one", "Not pinned yet")));
  }

  private static Set<String> pinnedTexts(String accountOnB) {
    Reply pinned = net.b().get("/api/v1/accounts/" + accountOnB + "/statuses?pinned=true");
    Set<String> texts = new HashSet<>();
    JsonArray statuses = pinned.array();
    for (int i = 0; i < statuses.size(); i++) {
      texts.add(statuses.getJsonObject(i).getString("content").replaceAll("<[^>]+>", ""));
    }
    return texts;
  }

  private static String post(Member member, String text) {
    return net.a().postForm("/api/v1/statuses", Map.of("status", text),
        "Authorization", "Bearer " + member.token()).json().getString("id");
  }

  private static Reply act(Member member, String statusId, String action) {
    return net.a().postForm("/api/v1/statuses/" + statusId + "/" + action, Map.of(),
        "Authorization", "Bearer " + member.token());
  }
}
