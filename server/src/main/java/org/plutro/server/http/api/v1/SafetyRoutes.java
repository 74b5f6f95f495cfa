package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.RelationshipStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.RelationshipEntity;
import org.plutro.server.service.BlockService;
import org.plutro.server.service.MemberDomainBlocks;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.Page;
import org.plutro.server.store.SafetyStore;
import org.plutro.server.store.SafetyStore.Listed;

/**
 * A member's safety tools, as Mastodon's API: block / unblock / mute / unmute an account (each
 * answers the Relationship), the lists {@code /api/v1/blocks} and {@code /api/v1/mutes}, and
 * member-level domain blocks {@code /api/v1/domain_blocks}.
 */
public final class SafetyRoutes {
  private static final java.time.format.DateTimeFormatter TIMESTAMP =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  private final Auth auth;
  private final SafetyStore safety;
  private final BlockService blocks;
  private final MemberDomainBlocks domainBlocks;
  private final AccountStore accounts;
  private final RelationshipStore relationships;
  private final Presenter presenter;
  private final Uris uris;

  public SafetyRoutes(Auth auth, SafetyStore safety, BlockService blocks,
      MemberDomainBlocks domainBlocks, AccountStore accounts, RelationshipStore relationships,
      Presenter presenter, Uris uris) {
    this.auth = auth;
    this.safety = safety;
    this.blocks = blocks;
    this.domainBlocks = domainBlocks;
    this.accounts = accounts;
    this.relationships = relationships;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.post("/api/v1/accounts/:id/block").handler(ctx -> act(ctx, "write:blocks",
        (member, target) -> blocks.block(member, target)));
    router.post("/api/v1/accounts/:id/unblock").handler(ctx -> act(ctx, "write:blocks",
        (member, target) -> blocks.unblock(member, target)));
    router.post("/api/v1/accounts/:id/mute").handler(this::mute);
    router.post("/api/v1/accounts/:id/unmute").handler(ctx -> act(ctx, "write:mutes",
        (member, target) -> safety.unmute(member.id(), target.id())));
    router.get("/api/v1/blocks").handler(ctx -> list(ctx, "read:blocks", true));
    router.get("/api/v1/mutes").handler(ctx -> list(ctx, "read:mutes", false));
    router.get("/api/v1/domain_blocks").handler(this::domains);
    router.post("/api/v1/domain_blocks").handler(ctx -> domain(ctx, true));
    router.delete("/api/v1/domain_blocks").handler(ctx -> domain(ctx, false));
  }

  private interface Action {
    Future<Void> apply(Account member, Account target);
  }

  private void act(RoutingContext ctx, String scope, Action action) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, scope).compose(caller -> account(id)
            .compose(target -> action.apply(caller.member(), target))
            .compose(done -> RelationshipEntity.of(relationships, caller.member().id(), id)))
        .onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  /** {@code notifications} (default true) and {@code duration} in seconds (0: until unmuted). */
  private void mute(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String duration = params.string("duration");
    long seconds = 0;
    if (duration != null && !duration.isBlank()) {
      try {
        seconds = Long.parseLong(duration.strip());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 0 || seconds > 10L * 365 * 86_400) {
        ctx.fail(new ValidationErrors().add("duration", "ERR_INVALID",
            "must be a number of seconds (0 for no end)").toException());
        return;
      }
    }
    Boolean notifications = params.bool("notifications");
    OffsetDateTime expiresAt = seconds == 0 ? null
        : OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(seconds);
    act(ctx, "write:mutes", (member, target) -> member.id() == target.id()
        ? Future.failedFuture(new ValidationErrors().add("account", "ERR_INVALID", "cannot be yourself")
            .toException())
        : safety.mute(member.id(), target.id(), notifications == null || notifications, expiresAt));
  }

  private void list(RoutingContext ctx, String scope, boolean blocked) {
    Page page = Pagination.page(ctx, 80);
    auth.member(ctx, scope).compose(caller -> (blocked
            ? safety.blocks(caller.member().id(), page) : safety.mutes(caller.member().id(), page))
        .compose(found -> {
          List<Long> cursors = new ArrayList<>();
          List<Account> accounts = new ArrayList<>();
          found.forEach(item -> {
            cursors.add(item.cursor());
            accounts.add(item.account());
          });
          Pagination.link(ctx, uris.base(), cursors);
          return presenter.accounts(accounts).map(array -> {
            if (!blocked) {
              for (int i = 0; i < found.size(); i++) {
                Listed item = found.get(i);
                array.getJsonObject(i).put("mute_expires_at", item.expiresAt() == null ? null
                    : TIMESTAMP.format(item.expiresAt().withOffsetSameInstant(ZoneOffset.UTC)));
              }
            }
            return array;
          });
        }))
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void domains(RoutingContext ctx) {
    Page page = Pagination.page(ctx, 200);
    auth.member(ctx, "read:blocks").compose(caller -> safety.domains(caller.member().id(), page))
        .map(found -> {
          List<Long> cursors = new ArrayList<>();
          JsonArray array = new JsonArray();
          found.forEach(d -> {
            cursors.add(d.cursor());
            array.add(d.domain());
          });
          Pagination.link(ctx, uris.base(), cursors);
          return array;
        })
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void domain(RoutingContext ctx, boolean block) {
    Params params = Params.of(ctx);
    auth.member(ctx, "write:blocks").compose(caller -> {
      long member = caller.member().id();
      String domain = params.string("domain");
      return block ? domainBlocks.block(member, domain) : domainBlocks.unblock(member, domain);
    }).onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private Future<Account> account(long id) {
    return accounts.publishedById(id).compose(found -> found
        .filter(account -> account.deletedAt() == null
            && (account.domain() != null || !"Application".equals(account.actorType())))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }
}
