package org.plutro.server.http.api.v1;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Downloads;
import org.plutro.server.service.MemberExport;

/**
 * Taking one's data along, for apps: {@code GET /api/v1/plutro/export/<name>.csv} (Mastodon's CSV
 * exports of follows, followers, lists, blocks, mutes, domain blocks and bookmarks) and
 * {@code .../archive.zip} (the ActivityPub archive), made by {@link MemberExport}.
 */
public final class ExportRoutes {
  private static final String BASE = "/api/v1/plutro/export/";

  private final Vertx vertx;
  private final Auth auth;
  private final MemberExport export;

  public ExportRoutes(Vertx vertx, Auth auth, MemberExport export) {
    this.vertx = vertx;
    this.auth = auth;
    this.export = export;
  }

  public void mount(Router router) {
    for (MemberExport.Csv file : MemberExport.Csv.values()) {
      router.get(BASE + file.fileName()).handler(ctx -> csv(ctx, file));
    }
    router.get(BASE + "archive.zip").handler(this::archive);
  }

  private void csv(RoutingContext ctx, MemberExport.Csv file) {
    auth.member(ctx, "read:accounts")
        .compose(caller -> export.csv(file, caller.member().id()))
        .onSuccess(text -> Downloads.csv(ctx, file.fileName(), text))
        .onFailure(ctx::fail);
  }

  private void archive(RoutingContext ctx) {
    auth.member(ctx, "read:accounts").compose(caller -> export.archive(caller.member()))
        .onSuccess(zip -> Downloads.zip(ctx, vertx, "archive.zip", zip))
        .onFailure(ctx::fail);
  }
}
