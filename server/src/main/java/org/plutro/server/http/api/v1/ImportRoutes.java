package org.plutro.server.http.api.v1;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Responses;
import org.plutro.server.service.ImportService;
import org.plutro.server.service.ValidationErrors;

/**
 * {@code POST /api/v1/plutro/import?type=following|blocks|mutes|domain_blocks|bookmarks|lists
 * &mode=merge|overwrite} with a Mastodon CSV export as the body ({@code text/csv}): 202, and the
 * rows are applied in the background ({@link ImportService}).
 */
public final class ImportRoutes {
  private final Auth auth;
  private final ImportService imports;

  public ImportRoutes(Auth auth, ImportService imports) {
    this.auth = auth;
    this.imports = imports;
  }

  public void mount(Router router) {
    router.post("/api/v1/plutro/import").handler(this::start);
  }

  private void start(RoutingContext ctx) {
    String type = ctx.request().getParam("type");
    String mode = ctx.request().getParam("mode") == null ? "merge" : ctx.request().getParam("mode");
    if (!mode.equals("merge") && !mode.equals("overwrite")) {
      ctx.fail(new ValidationErrors().add("mode", "ERR_INCLUSION", "is not merge or overwrite").toException());
      return;
    }
    String csv = ctx.body() == null || ctx.body().buffer() == null ? ""
        : ctx.body().buffer().toString(StandardCharsets.UTF_8);
    auth.member(ctx, scope(type))
        .compose(caller -> imports.start(caller.member(), type == null ? "" : type, mode.equals("overwrite"), csv))
        .onSuccess(queued -> {
          Responses.json(ctx, 202, new JsonObject().put("type", type).put("mode", mode).put("queued", queued));
        })
        .onFailure(ctx::fail);
  }

  /** The scope an import of this type needs: the one its own API calls need. */
  static String scope(String type) {
    return switch (type == null ? "" : type) {
      case "following" -> "write:follows";
      case "lists" -> "write:lists";
      case "blocks", "domain_blocks" -> "write:blocks";
      case "bookmarks" -> "write:bookmarks";
      default -> "write:mutes";
    };
  }
}
