package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.List;
import org.plutro.server.config.Settings.Registrations;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.User;
import org.plutro.server.store.InviteStore;
import org.plutro.server.store.InviteStore.MemberInvite;

/**
 * Invite links (policy 4: "invite others to become a Member"), as Mastodon's {@code /invites}:
 * with registrations = invite, a member makes a link that lets people sign up, used a number of
 * times or without limit, expiring after a while or never, and may revoke it. Who may: every
 * member, or only admins when the instance says so ({@code PLUTRO_INVITES_BY_MEMBERS=false}, as
 * Mastodon's minimum invite role).
 */
public final class InviteLinks {
  /** The choices of uses, as Mastodon offers them; no choice (null) is no limit. */
  public static final List<Integer> MAX_USES = List.of(1, 5, 10, 25, 50, 100);
  /** The choices of lifetime in seconds, as Mastodon offers them; no choice (null) is never. */
  public static final List<Integer> EXPIRES_IN = List.of(30 * 60, 60 * 60, 6 * 60 * 60, 12 * 60 * 60,
      24 * 60 * 60, 7 * 24 * 60 * 60);
  /** The invites a member's page lists: the newest. */
  public static final int LISTED = 100;

  private final InviteStore invites;
  private final Registrations registrations;
  private final boolean byMembers;

  public InviteLinks(InviteStore invites, Registrations registrations, boolean byMembers) {
    this.invites = invites;
    this.registrations = registrations;
    this.byMembers = byMembers;
  }

  /** Who may make invite links: only with registrations = invite; every member, or only admins. */
  public static boolean mayInvite(Registrations registrations, boolean byMembers, boolean admin) {
    return registrations == Registrations.INVITE && (byMembers || admin);
  }

  public boolean mayInvite(User user) {
    return mayInvite(registrations, byMembers, user.isAdmin());
  }

  /** The member's invites, the newest first; 404 when they may not invite. */
  public Future<List<MemberInvite>> mine(User user) {
    return allowed(user).compose(ok -> invites.byInviter(user.accountId(), LISTED));
  }

  /**
   * A new invite link's code; {@code maxUses} and {@code expiresInSeconds} are null or one of the
   * choices above (422 otherwise).
   */
  public Future<String> create(User user, Integer maxUses, Integer expiresInSeconds) {
    return allowed(user).compose(ok -> made(user, maxUses, expiresInSeconds));
  }

  /**
   * An admin's invite link, in any registration mode (as {@code plutro invite create}); it is
   * what lets people in while sign-up is by invitation.
   */
  public Future<String> createAsAdmin(User admin, Integer maxUses, Integer expiresInSeconds) {
    return admin.isAdmin() ? made(admin, maxUses, expiresInSeconds)
        : Future.failedFuture(ServiceException.notFound("Record not found"));
  }

  /** Every invite on the instance, the newest first (admins). */
  public Future<List<InviteStore.InstanceInvite>> all() {
    return invites.all(LISTED);
  }

  /** Expires any invite (admins); false when it was over already. */
  public Future<Boolean> expire(long inviteId) {
    return invites.expire(inviteId);
  }

  private Future<String> made(User user, Integer maxUses, Integer expiresInSeconds) {
    {
      ValidationErrors errors = new ValidationErrors();
      if (maxUses != null && !MAX_USES.contains(maxUses)) {
        errors.add("max_uses", "ERR_INCLUSION", "is not included in the list");
      }
      if (expiresInSeconds != null && !EXPIRES_IN.contains(expiresInSeconds)) {
        errors.add("expires_in", "ERR_INCLUSION", "is not included in the list");
      }
      if (!errors.isEmpty()) {
        return Future.failedFuture(errors.toException());
      }
      String code = Secrets.token().substring(0, 12);
      return invites.create(code, user.accountId(), maxUses, expiresInSeconds).map(code);
    }
  }

  /** Revokes one of the member's invites; false when it was over already (or not theirs). */
  public Future<Boolean> revoke(User user, long inviteId) {
    return allowed(user).compose(ok -> invites.revoke(inviteId, user.accountId()));
  }

  // A page that does not apply here is not found (as for a mode without invites).
  private Future<Void> allowed(User user) {
    return mayInvite(user) ? Future.succeededFuture()
        : Future.failedFuture(ServiceException.notFound("Record not found"));
  }
}
