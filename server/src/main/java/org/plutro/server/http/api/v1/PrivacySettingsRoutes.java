package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.MemberPrivacyStore.Privacy;

/**
 * {@code GET|PATCH /api/v1/plutro/settings}: who may message the member ({@code messages_from}:
 * everyone, following, nobody), read receipts ({@code read_receipts}, off by default), and who may
 * reply to and share their new posts ({@code replies_from}, {@code shares_from}: everyone,
 * followers, nobody).
 * Fields not sent keep their value; an unknown value is a 422 that changes nothing.
 */
public final class PrivacySettingsRoutes {
  private final Auth auth;
  private final MemberPrivacyStore privacy;

  public PrivacySettingsRoutes(Auth auth, MemberPrivacyStore privacy) {
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
    auth.member(ctx, "write:accounts").compose(caller -> privacy.get(caller.member().id())
        .compose(current -> {
          String messagesFrom = params.string("messages_from");
          String receipts = params.string("read_receipts");
          ValidationErrors errors = new ValidationErrors();
          String repliesFrom = choice(params, "replies_from", errors);
          String sharesFrom = choice(params, "shares_from", errors);
          if (messagesFrom != null) {
            messagesFrom = messagesFrom.strip().toLowerCase(Locale.ROOT);
            if (!MemberPrivacyStore.MESSAGES_FROM.contains(messagesFrom)) {
              errors.add("messages_from", "ERR_INCLUSION", "is not included in the list");
            }
          }
          if (receipts != null && !receipts.strip().toLowerCase(Locale.ROOT)
              .matches("true|false|1|0|on|off|t|f|yes|no")) {
            errors.add("read_receipts", "ERR_INVALID", "is not a boolean");
          }
          if (!errors.isEmpty()) {
            return Future.failedFuture(errors.toException());
          }
          Privacy next = new Privacy(messagesFrom != null ? messagesFrom : current.messagesFrom(),
              receipts != null ? params.bool("read_receipts") : current.readReceipts(),
              repliesFrom != null ? repliesFrom : current.repliesFrom(),
              sharesFrom != null ? sharesFrom : current.sharesFrom());
          return privacy.put(caller.member().id(), next).map(next);
        }))
        .onSuccess(found -> Responses.json(ctx, entity(found))).onFailure(ctx::fail);
  }

  private static String choice(Params params, String name, ValidationErrors errors) {
    String value = params.string(name);
    if (value == null) {
      return null;
    }
    value = value.strip().toLowerCase(Locale.ROOT);
    if (!MemberPrivacyStore.INTERACTIONS_FROM.contains(value)) {
      errors.add(name, "ERR_INCLUSION", "is not included in the list");
    }
    return value;
  }

  private static JsonObject entity(Privacy privacy) {
    return new JsonObject().put("messages_from", privacy.messagesFrom())
        .put("read_receipts", privacy.readReceipts())
        .put("replies_from", privacy.repliesFrom())
        .put("shares_from", privacy.sharesFrom());
  }
}
