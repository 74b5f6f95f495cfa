package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.settings.Shown;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.InviteLinks;
import org.plutro.server.store.InviteStore.InstanceInvite;
import org.plutro.server.store.InviteStore.MemberInvite;
import org.plutro.server.uri.Uris;

/**
 * {@code /admin/invites} (Mastodon's path): every invite link on the instance, who made it, how
 * often it was used and until when it works; an admin makes one (the same {@link InviteLinks} as
 * members' {@code /invites}; as {@code plutro invite create}, in any registration mode) or expires
 * any. Each change goes into the audit log.
 */
public final class InvitesAdminPage {
  public static final String PATH = "/admin/invites";

  /** An invite as the table shows it. */
  public record Row(long id, String link, String inviter, String uses, String state, boolean usable) {}

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final InviteLinks invites;
  private final AuditLog auditLog;
  private final Uris uris;

  public InvitesAdminPage(Visits visits, Pages pages, Notices notices, InviteLinks invites, AuditLog auditLog,
      Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.invites = invites;
    this.auditLog = auditLog;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::index);
    router.post(PATH).handler(this::create);
    router.post(PATH + "/:id/expire").handler(this::expire);
  }

  private void index(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only).compose(visit -> list(ctx, 200, visit, Form.empty()))
        .onFailure(ctx::fail);
  }

  private Future<Void> list(RoutingContext ctx, int status, Visit visit, Form form) {
    return invites.all().map(all -> {
      Map<String, Object> params = new HashMap<>();
      params.put("invites", all.stream().map(this::row).toList());
      params.put("form", form);
      params.put("notice", status == 200 ? notices.take(ctx) : null);
      pages.send(ctx, status, "admin/invites.jte", visit.frame("Invites").hiddenFromSearch(), params);
      return null;
    });
  }

  private void create(RoutingContext ctx) {
    Form form = Form.submitted(ctx, "max_uses", "expires_in");
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> invites.createAsAdmin(visit.user(),
            number(form.value("max_uses")), number(form.value("expires_in")))
        .compose(code -> auditLog.record(Admins.by(visit), "create",
            new AuditLog.Target("Invite", code, uris.base() + "/invite/" + code), ""))
        .onSuccess(done -> notices.redirect(ctx, PATH, Notice.ADMIN_INVITE_CREATED))
        .recover(failure -> {
          Form again = AdminForms.refused(form, failure, Map.of("max_uses", "Max number of uses",
              "expires_in", "Expire after"));
          return again == null ? Future.failedFuture(failure) : list(ctx, 422, visit, again);
        })).onFailure(ctx::fail);
  }

  private void expire(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> invites.expire(id)
        .compose(expired -> !expired ? Future.<Void>succeededFuture()
            : auditLog.record(Admins.by(visit), "expire", new AuditLog.Target("Invite", Long.toString(id),
                "invite #" + id), "")))
        .onSuccess(done -> notices.redirect(ctx, PATH, Notice.ADMIN_INVITE_EXPIRED))
        .onFailure(ctx::fail);
  }

  private Row row(InstanceInvite found) {
    MemberInvite invite = found.invite();
    String uses = invite.maxUses() == null ? invite.uses() + " (no limit)" : invite.uses() + " of " + invite.maxUses();
    OffsetDateTime expires = invite.expiresAt();
    String state;
    if (invite.maxUses() != null && invite.uses() >= invite.maxUses()) {
      state = "Used up";
    } else if (expires != null && !invite.usable()) {
      state = "Expired " + Shown.time(expires);
    } else {
      state = expires == null ? "Never expires" : "Until " + Shown.time(expires);
    }
    return new Row(invite.id(), uris.base() + "/invite/" + invite.code(),
        found.inviter() == null ? "the command line" : "@" + found.inviter(), uses, state, invite.usable());
  }

  /** A choice's number; blank is none, anything unreadable one no list offers. */
  private static Integer number(String value) {
    if (value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

}
