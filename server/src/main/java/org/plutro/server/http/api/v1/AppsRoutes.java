package org.plutro.server.http.api.v1;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.domain.OAuthApp;
import org.plutro.server.http.Params;
import org.plutro.server.http.oauth.RedirectUris;
import org.plutro.server.http.Responses;
import org.plutro.server.service.Scopes;
import org.plutro.server.service.Secrets;
import org.plutro.server.service.ValidationErrors;

/** {@code POST /api/v1/apps} and {@code GET /api/v1/apps/verify_credentials}. */
public final class AppsRoutes {
  private final Auth auth;
  private final OAuthStore oauth;

  public AppsRoutes(Auth auth, OAuthStore oauth) {
    this.auth = auth;
    this.oauth = oauth;
  }

  public void mount(Router router) {
    router.post("/api/v1/apps").handler(this::create);
    router.get("/api/v1/apps/verify_credentials").handler(this::verify);
  }

  private void create(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String name = params.string("client_name");
    List<String> redirectUris = new ArrayList<>();
    for (String value : params.list("redirect_uris")) {
      for (String line : value.split("\\s*\\n\\s*")) {
        if (!line.isBlank()) {
          redirectUris.add(line.trim());
        }
      }
    }
    List<String> scopes = Scopes.parse(params.string("scopes"));
    String website = params.string("website");

    ValidationErrors errors = new ValidationErrors();
    if (name == null || name.isBlank()) {
      errors.add("name", "ERR_BLANK", "can't be blank");
    } else if (name.length() > 60) {
      errors.add("name", "ERR_TOO_LONG", "is too long (maximum is 60 characters)");
    }
    if (redirectUris.isEmpty()) {
      errors.add("redirect_uri", "ERR_BLANK", "can't be blank");
    }
    for (String uri : redirectUris) {
      if (!RedirectUris.acceptable(uri)) {
        errors.add("redirect_uri", "ERR_INVALID",
            "must be an absolute http(s) URI, an app's own scheme, or " + RedirectUris.OOB);
        break;
      }
    }
    for (String scope : scopes) {
      if (!Scopes.isKnown(scope)) {
        errors.add("scopes", "ERR_INVALID", "must be a valid scope");
        break;
      }
    }
    errors.throwIfAny();
    String clientId = Secrets.token();
    String clientSecret = Secrets.token();
    oauth.insertApp(name.trim(), website == null || website.isBlank() ? null : website.trim(),
            redirectUris, scopes, clientId, Secrets.sha256(clientSecret))
        .onSuccess(created -> Responses.json(ctx, entity(created)
            .put("client_id", clientId)
            .put("client_secret", clientSecret)
            .put("client_secret_expires_at", 0)))
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    auth.token(ctx)
        .compose(caller -> oauth.appById(caller.token().appId()))
        .onSuccess(found -> Responses.json(ctx, entity(found.orElseThrow())))
        .onFailure(ctx::fail);
  }

  static JsonObject entity(OAuthApp created) {
    return new JsonObject()
        .put("id", Long.toString(created.id()))
        .put("name", created.name())
        .put("website", created.website())
        .put("scopes", new JsonArray(new ArrayList<>(created.scopes())))
        .put("redirect_uri", String.join("\n", created.redirectUris()))
        .put("redirect_uris", new JsonArray(new ArrayList<>(created.redirectUris())))
        .put("vapid_key", "");
  }
}
