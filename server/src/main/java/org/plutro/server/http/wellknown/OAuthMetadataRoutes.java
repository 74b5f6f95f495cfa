package org.plutro.server.http.wellknown;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.plutro.server.http.Responses;
import org.plutro.server.service.Scopes;
import org.plutro.server.uri.Uris;

/**
 * {@code /.well-known/oauth-authorization-server} (RFC 8414) in the shape Mastodon 4.3 serves,
 * with its non-standard {@code app_registration_endpoint}. Grant types are the ones we accept.
 */
public final class OAuthMetadataRoutes {
  private final Uris uris;

  public OAuthMetadataRoutes(Uris uris) {
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/.well-known/oauth-authorization-server").handler(ctx -> {
      String base = uris.base();
      Responses.json(ctx, new JsonObject()
          .put("issuer", base + "/")
          .put("service_documentation", "https://docs.joinmastodon.org/")
          .put("authorization_endpoint", base + "/oauth/authorize")
          .put("token_endpoint", base + "/oauth/token")
          .put("app_registration_endpoint", base + "/api/v1/apps")
          .put("revocation_endpoint", base + "/oauth/revoke")
          .put("scopes_supported", new JsonArray(Scopes.ALL))
          .put("response_types_supported", new JsonArray().add("code"))
          // Only query: we do not implement response_mode, so we do not claim fragment or form_post.
          .put("response_modes_supported", new JsonArray().add("query"))
          .put("code_challenge_methods_supported", new JsonArray().add("S256"))
          .put("grant_types_supported", new JsonArray().add("authorization_code")
              .add("password").add("client_credentials"))
          .put("token_endpoint_auth_methods_supported", new JsonArray()
              .add("client_secret_basic").add("client_secret_post")));
    });
  }
}
