package org.plutro.server.http.wellknown;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.uri.Uris;

/** host-meta (RFC 6415), XML and JSON: where WebFinger lives. */
public final class HostMetaRoutes {
  private final Uris uris;

  public HostMetaRoutes(Uris uris) {
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/.well-known/host-meta").handler(this::hostMeta);
    router.get("/.well-known/host-meta.json").handler(ctx -> json(ctx));
  }

  private String template() {
    return uris.base() + "/.well-known/webfinger?resource={uri}";
  }

  private void hostMeta(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("json") && !accept.contains("xml")) {
      json(ctx);
      return;
    }
    ctx.response().putHeader("Content-Type", "application/xrd+xml; charset=utf-8")
        .putHeader("Access-Control-Allow-Origin", "*")
        .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
            + "  <Link rel=\"lrdd\" template=\"" + template().replace("&", "&amp;") + "\"/>\n"
            + "</XRD>\n");
  }

  private void json(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Access-Control-Allow-Origin", "*")
        .end(new JsonObject().put("links", new JsonArray().add(new JsonObject()
            .put("rel", "lrdd").put("template", template()))).encode());
  }
}
