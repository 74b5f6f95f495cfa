package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.service.BlockService;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.SafetyStore;
import org.plutro.server.store.SafetyStore.Listed;
import org.plutro.server.uri.Uris;

/**
 * {@code /settings/blocks} and {@code /settings/mutes}: the accounts a member blocked or muted,
 * each with its undo button. Unblocking goes through {@link BlockService} (a remote account's
 * server gets {@code Undo(Block)}), unmuting through the store, as the API does.
 */
public final class BlockSettings {
  public static final String BLOCKS = "/settings/blocks";
  public static final String MUTES = "/settings/mutes";
  private static final int PAGE_SIZE = 40;
  private static final DateTimeFormatter UNTIL =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH);

  private final SettingsPage page;
  private final SafetyStore safety;
  private final BlockService blocks;
  private final AccountStore accounts;
  private final Uris uris;

  public BlockSettings(SettingsPage page, SafetyStore safety, BlockService blocks,
      AccountStore accounts, Uris uris) {
    this.page = page;
    this.safety = safety;
    this.blocks = blocks;
    this.accounts = accounts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(BLOCKS).handler(ctx -> show(ctx, true));
    router.get(MUTES).handler(ctx -> show(ctx, false));
    router.post(BLOCKS + "/:id/unblock").handler(ctx -> undo(ctx, true));
    router.post(MUTES + "/:id/unmute").handler(ctx -> undo(ctx, false));
  }

  private void show(RoutingContext ctx, boolean blocked) {
    Page list = SettingsPage.page(ctx, PAGE_SIZE);
    page.member(ctx).compose(visit -> (blocked ? safety.blocks(visit.member().id(), list)
            : safety.mutes(visit.member().id(), list)).map(found -> {
              Map<String, Object> params = new HashMap<>();
              params.put("blocked", blocked);
              params.put("accounts", found.stream().map(item -> AccountRow.of(item.account(), uris,
                  item.expiresAt() == null ? null
                      : "Until " + UNTIL.format(item.expiresAt().withOffsetSameInstant(ZoneOffset.UTC))))
                  .toList());
              List<Long> cursors = found.stream().map(Listed::cursor).toList();
              params.put("next", SettingsPage.next(blocked ? BLOCKS : MUTES, list, cursors));
              page.send(ctx, visit, "accounts.jte", blocked ? "Blocked accounts" : "Muted accounts",
                  params);
              return null;
            }))
        .onFailure(ctx::fail);
  }

  private void undo(RoutingContext ctx, boolean blocked) {
    long id = Params.parseId(ctx.pathParam("id"));
    page.form(ctx).compose(visit -> account(id).compose(target -> (blocked
            ? blocks.unblock(visit.member(), target)
            : safety.unmute(visit.member().id(), target.id()))
        .map(done -> AccountRow.of(target, uris, null).handle())))
        .onSuccess(handle -> page.done(ctx, blocked ? BLOCKS : MUTES,
            blocked ? Notice.ACCOUNT_UNBLOCKED : Notice.ACCOUNT_UNMUTED, handle))
        .onFailure(ctx::fail);
  }

  private Future<Account> account(long id) {
    return accounts.byId(id).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }
}
