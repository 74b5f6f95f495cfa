package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.ServerInternals;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/** Trends count the public posts we hold from other servers too: four members here and one there make five. */
class TrendsAcrossInstancesTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static long harvestScore() {
    var rows = net.a().sql("SELECT t.score FROM trends t JOIN tags g ON g.id = t.item_id"
        + " WHERE t.kind = 'tag' AND g.name = 'harvest'");
    return rows.size() == 0 ? 0 : Math.round(rows.iterator().next().getDouble(0));
  }

  @Test
  void aRemotePostCountsTowardsATrend() {
    Member reader = net.a().register("reader");
    Member far = net.b().register("faraway");
    PostsAcrossInstancesTest.follow(net.a(), reader, TwoInstancesTest.resolve(net.a(), reader, net.b(), "faraway"));
    for (int i = 0; i < 4; i++) {
      net.a().post(net.a().register("farmer" + i), "Apples today #Harvest");
    }
    ServerInternals.refreshTrends(net.a().server());
    assertEquals(0, harvestScore(), "four accounts are not enough");

    String uri = PostsAcrossInstancesTest.posted(net.b(), far, Map.of("status", "Pears here #Harvest")).getString("uri");
    PostsAcrossInstancesTest.arrived(net.a(), uri);
    ServerInternals.refreshTrends(net.a().server());
    assertEquals(16, harvestScore(), "five accounts, one of them remote: (5 - 1)²");

    net.a().sql("UPDATE trends SET review = 'approved' WHERE kind = 'tag'");
    JsonArray tags = net.a().get("/api/v1/trends/tags").array();
    JsonObject harvest = tags.getJsonObject(0);
    assertEquals("harvest", harvest.getString("name"));
    assertEquals("5", harvest.getJsonArray("history").getJsonObject(0).getString("accounts"));
  }
}
