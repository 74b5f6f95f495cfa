package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebSessions;
import org.plutro.server.service.CloseAccount;
import org.plutro.server.service.PasswordConfirmation;

/**
 * {@code /settings/delete}: closing the account, with the password typed again, after saying
 * plainly what happens ({@link CloseAccount}, as the API's {@code /api/v1/accounts/close}); then
 * {@code /settings/delete/reach}, the closure reaching each instance (policy 6.3).
 *
 * <p>The closure ends every session of the account, this browser's too, so the former member
 * holds nothing that signs them in. What lets them watch the reach is a key of its own: a random
 * value in a cookie ({@link #REACH_COOKIE}) that the browser sends to the reach page only (its
 * path), never readable by scripts, {@code SameSite=Strict}, kept for
 * {@link CloseAccount#REACH_KEY_DAYS} days, and stored by us only as a hash. It opens that one
 * read-only page and nothing else, so it adds no way into the closed account. A key in the page's
 * address would do the same but would sit in the browser's history and in any link shared by
 * mistake; a cookie is kept out of both.
 */
public final class DeletePage {
  static final String PATH = "/settings/delete";
  public static final String REACH_PATH = PATH + "/reach";
  public static final String REACH_COOKIE = "plutro_reach";
  /** How many of the instances to be told are named before "and N more". */
  private static final int NAMED = 30;

  /** What the page says will happen. */
  public record View(String handle, int retentionDays, List<String> instances, int moreInstances,
      String error) {}

  /** One instance on the reach page. */
  public record Told(String domain, String state, String stateText, int attempts, String when,
      String whenIso, String problem) {}

  /** The reach page. */
  public record Reach(String handle, String closedAt, String closedAtIso, String purgeAfter,
      String purgeAfterIso, boolean purged, List<Told> instances, int delivered, int waiting,
      int retrying, int failed, String keyExpires) {}

  private final Visits visits;
  private final Pages pages;
  private final CloseAccount closeAccount;
  private final PasswordConfirmation passwords;
  private final String authority;
  private final boolean secureCookies;

  /**
   * {@code authority}: this instance's host[:port]; {@code secureCookies}: whether the instance
   * is served over https (the reach cookie is then Secure).
   */
  public DeletePage(Visits visits, Pages pages, CloseAccount closeAccount,
      PasswordConfirmation passwords, String authority, boolean secureCookies) {
    this.visits = visits;
    this.pages = pages;
    this.closeAccount = closeAccount;
    this.passwords = passwords;
    this.authority = authority;
    this.secureCookies = secureCookies;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::close);
    router.get(REACH_PATH).handler(this::reach);
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(visit -> send(ctx, visit, 200, null)).onFailure(ctx::fail);
  }

  private void close(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      Account member = visit.member();
      return passwords.matches(member.id(), ctx.request().getFormAttribute("password"))
          .compose(ok -> ok ? closeAccount.close(member, "member")
                  .compose(closed -> closeAccount.issueReachKey(member.id()))
                  .map(key -> {
                    leave(ctx, key);
                    return (Void) null;
                  })
              : send(ctx, visit, 422, "The password is not right. Your account is still open."));
    }).onFailure(ctx::fail);
  }

  /** The browser is signed out and given its key to the reach page, which it is sent to. */
  private void leave(RoutingContext ctx, String key) {
    ctx.response().addCookie(Cookie.cookie(WebSessions.COOKIE, "").setPath("/").setMaxAge(0)
            .setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX))
        .addCookie(Cookie.cookie(REACH_COOKIE, key).setPath(REACH_PATH)
            .setMaxAge(CloseAccount.REACH_KEY_DAYS * 24L * 60 * 60).setHttpOnly(true)
            .setSecure(secureCookies).setSameSite(CookieSameSite.STRICT));
    SeeOther.to(ctx, REACH_PATH, null);
  }

  private Future<Void> send(RoutingContext ctx, Visit visit, int status, String error) {
    return closeAccount.status(visit.member()).map(reach -> {
      JsonArray all = reach.getJsonArray("instances", new JsonArray());
      List<String> instances = new ArrayList<>();
      for (int i = 0; i < all.size() && i < NAMED; i++) {
        instances.add(all.getJsonObject(i).getString("domain"));
      }
      View view = new View(handle(visit.member()), closeAccount.retentionDays(), instances,
          Math.max(0, all.size() - NAMED), error);
      pages.send(ctx, status, "settings/delete.jte", visit.frame("Close your account"),
          Map.of("view", view));
      return null;
    });
  }

  private void reach(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(REACH_COOKIE);
    closeAccount.reachKeyAccount(cookie == null ? null : cookie.getValue()).compose(account -> {
      if (account.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return closeAccount.status(account.get()).compose(status -> visits.of(ctx).map(visit -> {
        // The page is this former member's own: never kept by a cache, never indexed.
        ctx.response().putHeader("Cache-Control", "private, no-store");
        Reach reach = reach(account.get(), status);
        pages.send(ctx, "settings/reach.jte", visit.frame("Your account is closed").hiddenFromSearch(),
            Map.of("reach", reach, "refresh", reach.waiting() + reach.retrying() > 0));
        return (Void) null;
      }));
    }).onFailure(ctx::fail);
  }

  /**
   * Why a server was not told yet, in words: its answer's status, or that it gave none (a status
   * of 0: refused, timed out, unreachable), never the client's error text.
   */
  static String problem(String state, Integer lastStatus, String lastError) {
    if ("delivered".equals(state) || (lastStatus == null && lastError == null)) {
      return null;
    }
    return lastStatus != null && lastStatus > 0 ? "The server answered " + lastStatus
        : "The server could not be reached";
  }

  private Reach reach(Account account, JsonObject status) {
    List<Told> told = new ArrayList<>();
    int[] counts = new int[4];
    for (Object item : status.getJsonArray("instances", new JsonArray())) {
      JsonObject instance = (JsonObject) item;
      String state = instance.getString("state");
      String when = switch (state) {
        case "delivered" -> instance.getString("delivered_at");
        case "retrying", "pending" -> instance.getString("next_attempt_at");
        default -> null;
      };
      String problem = problem(state, instance.getInteger("last_status"), instance.getString("last_error"));
      told.add(new Told(instance.getString("domain"), state, stateText(state),
          instance.getInteger("attempts", 0), when == null ? "" : Shown.time(OffsetDateTime.parse(when)),
          when == null ? "" : when, problem));
      counts[switch (state) {
        case "delivered" -> 0;
        case "retrying" -> 2;
        case "failed" -> 3;
        default -> 1;
      }]++;
    }
    return new Reach(handle(account), time(status, "closed_at"), status.getString("closed_at", ""),
        time(status, "purge_after"), status.getString("purge_after", ""),
        "purged".equals(status.getString("state")), told, counts[0], counts[1], counts[2], counts[3],
        CloseAccount.REACH_KEY_DAYS + " days");
  }

  static String stateText(String state) {
    return switch (state) {
      case "delivered" -> "Delivered";
      case "retrying" -> "Retrying";
      case "failed" -> "Failed";
      default -> "Waiting to be sent";
    };
  }

  private static String time(JsonObject status, String field) {
    String value = status.getString(field);
    return value == null ? "" : Shown.time(OffsetDateTime.parse(value));
  }

  private String handle(Account account) {
    return "@" + account.username() + "@" + authority;
  }
}
