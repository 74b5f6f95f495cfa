package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.User;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.ModeratorActions;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.AdminAccountStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.WebSessionStore;
import org.plutro.server.store.WebSessionStore.AddressUse;

/**
 * {@code /admin/accounts}: search the accounts we know (the admin API's filters), with
 * {@code ?status=pending} the sign-up queue ({@link PendingSignUpsPage}); and
 * {@code /admin/accounts/:id}, what this server records of one account, its audit log, and one
 * form whose buttons limit, suspend, mark sensitive, disable or undo them, or answer a sign-up,
 * with the admin's note (the same {@link ModeratorActions} as the admin API). Admins only (404).
 */
public final class AccountsPages {
  public static final String PATH = PendingSignUpsPage.PATH;
  private static final int PAGE_SIZE = 40;
  private static final List<String> STATUSES =
      List.of("active", "pending", "silenced", "suspended", "disabled", "sensitive");

  /** The search as typed (empty strings for no filter). */
  public record Search(String username, String displayName, String domain, String email, String origin,
      String status) {
    public String query() {
      StringBuilder query = new StringBuilder();
      Map.of("username", username, "display_name", displayName, "by_domain", domain, "email", email,
          "origin", origin, "status", status).forEach((name, value) -> {
            if (!value.isEmpty()) {
              query.append(name).append('=').append(java.net.URLEncoder.encode(value,
                  java.nio.charset.StandardCharsets.UTF_8)).append('&');
            }
          });
      return query.toString();
    }
  }

  /** An account in the search results. */
  public record Row(long id, String handle, String displayName, boolean local, List<String> marks, String joined,
      String joinedIso) {}

  /** An account's facts; member facts are null for a remote account. */
  public record Shown(long id, String handle, String displayName, String profileUrl, boolean local, String joined,
      String joinedIso, boolean silenced, boolean suspended, boolean sensitized, String email, Boolean confirmed,
      Boolean approved, Boolean disabled, String role, String lastAddress, String lastAddressAt, String reason,
      List<AuditLines.Line> log) {
    public boolean pending() {
      return Boolean.FALSE.equals(approved);
    }
  }

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final PendingSignUpsPage signUps;
  private final AdminAccountStore adminAccounts;
  private final AccountStore accounts;
  private final UserStore users;
  private final WebSessionStore webSessions;
  private final ModeratorActions actions;
  private final AuditLog auditLog;
  private final AuditLines auditLines;
  private final String authority;

  public AccountsPages(Visits visits, Pages pages, Notices notices, PendingSignUpsPage signUps,
      AdminAccountStore adminAccounts, AccountStore accounts, UserStore users, WebSessionStore webSessions,
      ModeratorActions actions, AuditLog auditLog, AuditLines auditLines, String authority) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.signUps = signUps;
    this.adminAccounts = adminAccounts;
    this.accounts = accounts;
    this.users = users;
    this.webSessions = webSessions;
    this.actions = actions;
    this.auditLog = auditLog;
    this.auditLines = auditLines;
    this.authority = authority;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::search);
    router.get(PATH + "/:id").handler(this::show);
    router.post(PATH + "/:id").handler(this::act);
  }

  private void search(RoutingContext ctx) {
    Search search = new Search(text(ctx, "username"), text(ctx, "display_name"), text(ctx, "by_domain"),
        text(ctx, "email"), text(ctx, "origin"), text(ctx, "status").toLowerCase(Locale.ROOT));
    if (search.status().equals("pending")) {
      signUps.show(ctx);
      return;
    }
    String status = STATUSES.contains(search.status()) ? search.status() : "";
    AdminAccountStore.Filter filter = new AdminAccountStore.Filter(
        search.origin().equals("local") ? Boolean.TRUE : search.origin().equals("remote") ? Boolean.FALSE : null,
        status.equals("disabled"), status.equals("silenced"), status.equals("suspended"),
        status.equals("sensitive"), false, status.equals("active"), blankToNull(search.username()),
        blankToNull(search.displayName()), blankToNull(search.domain()), blankToNull(search.email()), false, null);
    Long maxId = Page.id(ctx.request().getParam("max_id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> adminAccounts
        .list(filter, new Page(maxId, null, null, PAGE_SIZE + 1)).map(found -> {
          Map<String, Object> params = new HashMap<>();
          params.put("search", search);
          params.put("rows", found.stream().limit(PAGE_SIZE).map(this::row).toList());
          params.put("older", found.size() > PAGE_SIZE
              ? PATH + "?" + search.query() + "max_id=" + found.get(PAGE_SIZE - 1).id() : null);
          params.put("notice", notices.take(ctx));
          pages.send(ctx, "admin/accounts.jte", visit.frame("Accounts").hiddenFromSearch(), params);
          return null;
        })).onFailure(ctx::fail);
  }

  private Row row(Account account) {
    List<String> marks = new java.util.ArrayList<>();
    if (account.suspended()) {
      marks.add("suspended");
    }
    if (account.silencedAt() != null) {
      marks.add("limited");
    }
    if (account.sensitizedAt() != null) {
      marks.add("sensitive");
    }
    return new Row(account.id(), handle(account), name(account), account.isLocal(), marks,
        Times.readable(account.createdAt()), Times.iso(account.createdAt()));
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> target(id)
        .compose(account -> users.byAccountId(account.id())
            .compose(user -> webSessions.signInAddresses(account.id())
                .compose(addresses -> auditLog.about(AuditLog.Target.account(account), 30).compose(auditLines::of)
                    .map(log -> shown(account, user, addresses, log)))))
        .map(shown -> {
          Map<String, Object> params = new HashMap<>();
          params.put("account", shown);
          params.put("notice", notices.take(ctx));
          pages.send(ctx, "admin/account.jte", visit.frame(shown.handle()).hiddenFromSearch(), params);
          return null;
        })).onFailure(ctx::fail);
  }

  private Shown shown(Account account, Optional<User> found, List<AddressUse> addresses,
      List<AuditLines.Line> log) {
    User user = account.isLocal() ? found.orElse(null) : null;
    AddressUse last = addresses.isEmpty() ? null : addresses.get(0);
    return new Shown(account.id(), handle(account), name(account),
        account.url() != null ? account.url() : account.uri(), account.isLocal(),
        Times.readable(account.createdAt()), Times.iso(account.createdAt()), account.silencedAt() != null,
        account.suspended(), account.sensitizedAt() != null,
        user == null ? null : user.email(), user == null ? null : user.confirmed(),
        user == null ? null : user.approved(), user == null ? null : user.disabled(),
        user == null ? null : user.isAdmin() ? "Admin" : "Member",
        last == null ? null : last.ip(), last == null ? null : Times.readable(last.lastUsedAt()),
        user == null || user.signUpReason() == null ? "" : user.signUpReason().strip(), log);
  }

  /** The form's buttons: {@code do} says which. */
  private void act(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    String back = PATH + "/" + id;
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> target(id).compose(target -> {
      Params form = Params.of(ctx);
      String doing = form.string("do") == null ? "" : form.string("do");
      String note = form.string("note");
      AuditLog.By by = Admins.by(visit);
      String handle = "@" + target.acct();
      return switch (doing) {
        case "silence", "suspend", "sensitive", "disable" -> actions.act(by, target, doing, null, note)
            .onSuccess(done -> notices.redirect(ctx, back, Notice.ACCOUNT_MODERATED, handle));
        case "unsilence", "unsuspend", "unsensitive", "enable" -> actions.undo(by, target, doing, note)
            .onSuccess(done -> notices.redirect(ctx, back, Notice.ACCOUNT_MODERATED, handle));
        case "approve" -> actions.approve(by, target, note)
            .onSuccess(done -> notices.redirect(ctx, back, Notice.SIGN_UP_APPROVED, handle));
        case "reject" -> actions.reject(by, target, note)
            .onSuccess(done -> notices.redirect(ctx, PendingSignUpsPage.QUEUE, Notice.SIGN_UP_REFUSED, handle));
        default -> Future.failedFuture(ServiceException.notFound("Record not found"));
      };
    })).onFailure(ctx::fail);
  }

  /** The account, not closed; 404 otherwise. */
  private Future<Account> target(long id) {
    return accounts.byId(id).compose(found -> found.filter(a -> a.deletedAt() == null)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private String handle(Account account) {
    return "@" + account.username() + "@" + (account.isLocal() ? authority : account.domain());
  }

  private static String name(Account account) {
    return account.displayName() == null || account.displayName().isBlank() ? account.username()
        : account.displayName();
  }

  private static String text(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null ? "" : value.strip();
  }

  private static String blankToNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
