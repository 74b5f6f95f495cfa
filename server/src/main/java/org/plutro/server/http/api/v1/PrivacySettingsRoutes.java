package org.plutro.server.http.api.v1;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.MemberPrivacy;
import org.plutro.server.store.MemberPrivacyStore.Privacy;

/**
 * {@code GET|PATCH /api/v1/plutro/settings}: who may message the member ({@code messages_from}:
 * everyone, following, nobody), read receipts ({@code read_receipts}, off by default), and who may
 * reply to and share their new posts ({@code replies_from}, {@code shares_from}: everyone,
 * followers, nobody).
 * Fields not sent keep their value; an unknown value is a 422 that changes nothing ({@link MemberPrivacy}).
 */
public final class PrivacySettingsRoutes {
  private final Auth auth;
  private final MemberPrivacy privacy;

  public PrivacySettingsRoutes(Auth auth, MemberPrivacy privacy) {
    this.auth = auth;
    this.privacy = privacy;
  }

  public void mount(Router router) {
    router.get("/api/v1/plutro/settings").handler(this::show);
    router.patch("/api/v1/plutro/settings").handler(this::update);
    router.post("/api/v1/plutro/settings").handler(this::update);
  }

  private void show(RoutingContext ctx) {
    auth.member(ctx, "read:accounts")
        .compose(caller -> privacy.get(caller.member().id()))
        .onSuccess(found -> Responses.json(ctx, entity(found))).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Params params = Params.of(ctx);
    MemberPrivacy.Changes changes = new MemberPrivacy.Changes(params.string("messages_from"),
        params.string("read_receipts"), params.string("replies_from"), params.string("shares_from"));
    auth.member(ctx, "write:accounts")
        .compose(caller -> privacy.update(caller.member().id(), changes))
        .onSuccess(found -> Responses.json(ctx, entity(found))).onFailure(ctx::fail);
  }

  private static JsonObject entity(Privacy privacy) {
    return new JsonObject().put("messages_from", privacy.messagesFrom())
        .put("read_receipts", privacy.readReceipts())
        .put("replies_from", privacy.repliesFrom())
        .put("shares_from", privacy.sharesFrom());
  }
}
