package org.plutro.server.http.web.settings;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Visit;
import org.plutro.server.service.InviteLinks;
import org.plutro.server.store.InviteStore.MemberInvite;
import org.plutro.server.uri.Uris;

/**
 * {@code /invites} (Mastodon's path): with registrations = invite, the member's invite links, a
 * form to make one (how many uses, when it expires) and a button to revoke each. Where the member
 * may not invite (another kind of registrations, or invites left to admins) the page is not
 * found.
 */
public final class InvitesPage {
  public static final String PATH = "/invites";
  /** The form's choices: how many people may sign up with the link, and for how long. */
  public static final List<Choice> USES = choices(InviteLinks.MAX_USES, "No limit", uses -> uses == 1
      ? "1 person" : uses + " people");
  public static final List<Choice> EXPIRIES = choices(InviteLinks.EXPIRES_IN, "Never", InvitesPage::duration);
  private static final String DEFAULT_EXPIRY = Integer.toString(7 * 24 * 60 * 60);

  /** An invite as the list shows it: its link, its uses so far, and when it stops working. */
  public record Row(long id, String link, String uses, String state, boolean usable) {}

  private final SettingsPage page;
  private final InviteLinks invites;
  private final Uris uris;

  public InvitesPage(SettingsPage page, InviteLinks invites, Uris uris) {
    this.page = page;
    this.invites = invites;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(ctx -> page.member(ctx)
        .onSuccess(visit -> show(ctx, 200, visit, "", DEFAULT_EXPIRY, Form.empty())).onFailure(ctx::fail));
    router.post(PATH).handler(this::create);
    router.post(PATH + "/:id/revoke").handler(this::revoke);
  }

  private void show(RoutingContext ctx, int status, Visit visit, String uses, String expiresIn,
      Form errors) {
    invites.mine(visit.user()).onSuccess(mine -> {
      Map<String, Object> params = new HashMap<>();
      params.put("invites", mine.stream().map(this::row).toList());
      params.put("uses", uses);
      params.put("expiresIn", expiresIn);
      params.put("errors", errors);
      page.send(ctx, status, visit, "invites.jte", "Invite people", params);
    }).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> {
      String uses = value(ctx, "max_uses");
      String expiresIn = value(ctx, "expires_in");
      invites.create(visit.user(), number(uses), number(expiresIn))
          .onSuccess(code -> page.done(ctx, PATH, Notice.INVITE_CREATED))
          .onFailure(failure -> SettingsPage.refused(ctx, failure,
              errors -> show(ctx, 422, visit, uses, expiresIn, errors)));
    }).onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    page.form(ctx).compose(visit -> invites.revoke(visit.user(), id))
        .onSuccess(revoked -> page.done(ctx, PATH, Notice.INVITE_REVOKED))
        .onFailure(ctx::fail);
  }

  private Row row(MemberInvite invite) {
    String uses = invite.maxUses() == null ? invite.uses() + " (no limit)"
        : invite.uses() + " of " + invite.maxUses();
    OffsetDateTime expires = invite.expiresAt();
    String state;
    if (invite.maxUses() != null && invite.uses() >= invite.maxUses()) {
      state = "Used up";
    } else if (expires != null && !invite.usable()) {
      state = "Expired " + Shown.time(expires);
    } else {
      state = expires == null ? "Never expires" : "Until " + Shown.time(expires);
    }
    return new Row(invite.id(), uris.base() + "/invite/" + invite.code(), uses, state, invite.usable());
  }

  private static String value(RoutingContext ctx, String field) {
    String value = ctx.request().getFormAttribute(field);
    return value == null ? "" : value.strip();
  }

  /** A choice's number; blank is none (no limit), anything unreadable one no list offers. */
  private static Integer number(String value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static List<Choice> choices(List<Integer> values, String none,
      java.util.function.IntFunction<String> label) {
    List<Choice> choices = new ArrayList<>();
    choices.add(new Choice("", none));
    values.forEach(value -> choices.add(new Choice(Integer.toString(value), label.apply(value))));
    return List.copyOf(choices);
  }

  private static String duration(int seconds) {
    if (seconds < 60 * 60) {
      return seconds / 60 + " minutes";
    }
    if (seconds < 24 * 60 * 60) {
      int hours = seconds / (60 * 60);
      return hours == 1 ? "1 hour" : hours + " hours";
    }
    int days = seconds / (24 * 60 * 60);
    return days == 1 ? "1 day" : days == 7 ? "1 week" : days + " days";
  }
}
