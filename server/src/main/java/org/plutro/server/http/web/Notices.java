package org.plutro.server.http.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The short notice a form's page shows once after it redirects ("Saved."): POST, redirect, GET.
 * It rides in a cookie that lives a minute and is cleared when shown. The cookie names one of
 * the fixed {@link Notice}s, with at most a name, handle or address it mentions: a cookie set by
 * someone else (a neighbouring site, a network in between) cannot make the page say anything else.
 */
public final class Notices {
  static final String COOKIE = "plutro_notice";
  /** What a notice may mention: a domain, a hashtag's name, a handle; never a sentence. */
  private static final Pattern MENTION = Pattern.compile("[\\p{L}\\p{N}_.:@-]{1,200}");

  /** What a page may say after a form; {@code %s} is what it acted on. */
  public enum Notice {
    SAVED("Saved."),
    FILTER_SAVED("Filter saved."),
    FILTER_DELETED("Filter deleted."),
    SERVER_BLOCKED("Blocked %s."),
    SERVER_UNBLOCKED("Unblocked %s."),
    TAG_FOLLOWED("You follow #%s."),
    TAG_UNFOLLOWED("You no longer follow #%s."),
    ACCOUNT_UNBLOCKED("Unblocked %s."),
    ACCOUNT_UNMUTED("Unmuted %s."),
    REQUEST_APPROVED("Approved: %s"),
    REQUEST_REJECTED("Rejected: %s"),
    REQUEST_GONE("That request was already answered or withdrawn."),
    TWO_FACTOR_OFF("Two-factor sign-in is off."),
    TWO_FACTOR_STALE("That form was out of date: two-factor sign-in is as shown below."),
    // The admin's instance pages.
    ANNOUNCEMENT_SAVED("Announcement saved."),
    ANNOUNCEMENT_PUBLISHED("Announcement published: members see it now."),
    ANNOUNCEMENT_UNPUBLISHED("Announcement unpublished: members no longer see it."),
    ANNOUNCEMENT_DELETED("Announcement deleted."),
    RULE_SAVED("Rule saved."),
    RULE_DELETED("Rule deleted."),
    INSTANCE_TEXTS_SAVED("Saved: the about page and the privacy policy show it now."),
    ADMIN_INVITE_CREATED("Invite link made: copy it from the list."),
    ADMIN_INVITE_EXPIRED("The invite link no longer works."),
    DELIVERIES_RETRIED("Deliveries to %s are due now."),
    DELIVERIES_DROPPED("Pending deliveries to %s were dropped."),
    INVITE_CREATED("Your invite link is ready: copy it from the list."),
    INVITE_REVOKED("The invite link no longer works."),
    SIGN_UP_APPROVED("Approved %s: they were mailed the news."),
    SIGN_UP_REFUSED("Refused %s: the account is removed, and they were mailed the news."),
    SIGN_UP_GONE("That sign-up was already answered."),
    REPORT_RESOLVED("The report is resolved."),
    REPORT_REOPENED("The report is open again."),
    REPORT_ASSIGNED("The report is yours now."),
    REPORT_UNASSIGNED("Nobody has the report now."),
    REPORT_FORWARDED("The report was forwarded to %s."),
    REPORT_ACTED("Done: %s is dealt with, and the report is resolved."),
    ACCOUNT_MODERATED("Done: %s is changed, and the audit log has it."),
    SERVER_BLOCK_CHANGED("The block of %s is changed."),
    SERVER_ALLOWED("Allowed %s."),
    SERVER_ALREADY_ALLOWED("%s was allowed already."),
    SERVER_UNALLOWED("Removed %s from the allowed servers."),
    TREND_APPROVED("Approved: it is shown on Explore."),
    TREND_REJECTED("Rejected: it stays hidden from Explore."),
    SUGGESTIONS_ON("Suggestions are on."),
    SUGGESTIONS_OFF("Suggestions are off, and what was derived for them is deleted."),
    SUGGESTION_DISMISSED("We will not suggest %s again."),
    // A vote in a poll under a post, refused: nothing was counted.
    POLL_ENDED("Your vote was not counted: the poll has ended."),
    POLL_ALREADY_VOTED("Your vote was not counted: you have already voted in this poll."),
    POLL_OWN("Your vote was not counted: you cannot vote in your own poll."),
    POLL_CHOICE("Your vote was not counted: choose one of the poll's options.");

    private final String text;

    Notice(String text) {
      this.text = text;
    }

    boolean mentions() {
      return text.contains("%s");
    }

    String text(String mention) {
      return mentions() ? text.formatted(mention) : text;
    }
  }

  private final boolean secureCookies;

  /** {@code secureCookies}: whether the instance is served over https. */
  public Notices(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  /** Sends the browser to {@code path} (on this server), which will show {@code notice}. */
  public void redirect(RoutingContext ctx, String path, Notice notice) {
    redirect(ctx, path, notice, null);
  }

  /** The same, for a notice that mentions {@code mention} (a domain, a hashtag, a handle). */
  public void redirect(RoutingContext ctx, String path, Notice notice, String mention) {
    String value = notice.mentions() ? notice.name() + " " + mention : notice.name();
    ctx.response().addCookie(cookie(URLEncoder.encode(value, StandardCharsets.UTF_8), 60));
    redirect(ctx, path);
  }

  /** A 303 to {@code path}: the browser fetches it with GET, whatever was posted. */
  public static void redirect(RoutingContext ctx, String path) {
    ctx.response().setStatusCode(303)
        .putHeader("Location", WebPaths.isLocalPath(path) ? path : WebPaths.HOME)
        .putHeader("Cache-Control", "no-store").end();
  }

  /** The notice waiting for this page, if any (null otherwise); it is shown only once. */
  public String take(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isBlank()) {
      return null;
    }
    ctx.response().addCookie(cookie("", 0));
    try {
      return read(URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code NAME} or {@code NAME mention} as the notice's words; null for anything else. */
  static String read(String value) {
    String[] parts = value.split(" ", 2);
    Notice notice;
    try {
      notice = Notice.valueOf(parts[0]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (notice.mentions() != (parts.length == 2)
        || (parts.length == 2 && !MENTION.matcher(parts[1]).matches())) {
      return null;
    }
    return notice.text(parts.length == 2 ? parts[1] : null);
  }

  private Cookie cookie(String value, int seconds) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secureCookies)
        .setSameSite(CookieSameSite.LAX).setMaxAge(seconds);
  }
}
