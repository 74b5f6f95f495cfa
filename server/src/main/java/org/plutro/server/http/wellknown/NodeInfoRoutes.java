package org.plutro.server.http.wellknown;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.Version;
import org.plutro.server.config.Settings.Registrations;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * NodeInfo discovery and the 2.0 and 2.1 documents, with real usage counts, each served with its
 * own schema as the content type's profile.
 */
public final class NodeInfoRoutes {
  private static final String SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/";
  private final Uris uris;
  private final UserStore users;
  private final OAuthStore oauth;
  private final CountStore counts;
  private final Registrations registrations;
  private final String instanceName;
  private final String instanceDescription;
  private final boolean limitedFederation;

  /** {@code limitedFederation}: the metadata says the server federates only with allowed servers. */
  public NodeInfoRoutes(Uris uris, UserStore users, OAuthStore oauth, CountStore counts,
      Registrations registrations, String instanceName, String instanceDescription,
      boolean limitedFederation) {
    this.limitedFederation = limitedFederation;
    this.uris = uris;
    this.users = users;
    this.oauth = oauth;
    this.counts = counts;
    this.registrations = registrations;
    this.instanceName = instanceName;
    this.instanceDescription = instanceDescription;
  }

  public void mount(Router router) {
    router.get("/.well-known/nodeinfo").handler(this::discovery);
    router.get("/nodeinfo/2.0").handler(ctx -> document(ctx, "2.0"));
    router.get("/nodeinfo/2.1").handler(ctx -> document(ctx, "2.1"));
  }

  private void discovery(RoutingContext ctx) {
    String base = uris.base();
    // Readers pick a link differently: Mastodon lists 2.0 alone; most readers look for the
    // highest version they know, by rel; GoToSocial takes the LAST NodeInfo link and accepts only
    // a 2.0 document (its content type), keeping a bare record of a server that gives it 2.1.
    // So 2.1 comes first, for the readers that want the most, and 2.0 last, for GoToSocial.
    JsonObject body = new JsonObject().put("links", new JsonArray()
        .add(new JsonObject().put("rel", SCHEMA + "2.1").put("href", base + "/nodeinfo/2.1"))
        .add(new JsonObject().put("rel", SCHEMA + "2.0").put("href", base + "/nodeinfo/2.0"))
        // FEP-2677: where to find the instance actor.
        .add(new JsonObject().put("rel", "https://www.w3.org/ns/activitystreams#Application")
            .put("href", uris.instanceActor())));
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Access-Control-Allow-Origin", "*").end(body.encode());
  }

  private void document(RoutingContext ctx, String version) {
    Future.all(users.countActive(), oauth.activeMembers(30),
            oauth.activeMembers(180), counts.localPosts())
        .onSuccess(usage -> {
          JsonObject software = new JsonObject().put("name", "plutro").put("version", Version.VERSION);
          if (version.equals("2.1")) {
            software.put("homepage", uris.base());
          }
          JsonObject body = new JsonObject()
              .put("version", version)
              .put("software", software)
              .put("protocols", new JsonArray().add("activitypub"))
              .put("services", new JsonObject().put("inbound", new JsonArray())
                  .put("outbound", new JsonArray()))
              .put("openRegistrations", registrations == Registrations.OPEN
                  || registrations == Registrations.APPROVAL)
              .put("usage", new JsonObject()
                  .put("users", new JsonObject()
                      .put("total", usage.<Long>resultAt(0))
                      .put("activeMonth", usage.<Long>resultAt(1))
                      .put("activeHalfyear", usage.<Long>resultAt(2)))
                  .put("localPosts", usage.<Long>resultAt(3)))
              .put("metadata", new JsonObject()
                  .put("nodeName", instanceName)
                  .put("nodeDescription", instanceDescription)
                  .put("federation", new JsonObject().put("mode", limitedFederation ? "limited" : "open")));
          ctx.response()
              .putHeader("Content-Type",
                  "application/json; profile=\"" + SCHEMA + version + "#\"; charset=utf-8")
              .putHeader("Access-Control-Allow-Origin", "*")
              .end(body.encode());
        })
        .onFailure(ctx::fail);
  }
}
