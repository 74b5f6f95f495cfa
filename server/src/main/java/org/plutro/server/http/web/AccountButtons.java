package org.plutro.server.http.web;

import org.plutro.server.domain.Account;
import org.plutro.server.store.RelationshipStore.Relationship;

/**
 * What a signed-in member may do about another account on its profile or in a search result:
 * follow (or ask to, when it approves followers), unfollow or cancel the request, block, mute and
 * their undo. Each is a plain form to {@link AccountActions} that comes back to {@code returnTo}.
 */
public record AccountButtons(long accountId, String name, boolean locked, String following,
    boolean blocking, boolean muting, String returnTo) {

  public static AccountButtons of(Account account, Relationship relationship, String returnTo) {
    String name = account.displayName().isBlank() ? account.username() : account.displayName();
    return new AccountButtons(account.id(), name, account.locked(), relationship.following(),
        relationship.blocking(), relationship.muteHidesNotifications() != null, returnTo);
  }

  public boolean follows() {
    return "accepted".equals(following);
  }

  public boolean requested() {
    return "pending".equals(following);
  }

  /** What the script asks before blocking (null, no question, before unblocking). */
  public String blockQuestion() {
    return blocking ? null : "Block " + name + "? You will no longer follow each other, and they"
        + " cannot see your posts here.";
  }

  /** The form's address for {@code action} (follow, unfollow, block, unblock, mute, unmute). */
  public String action(String action) {
    return AccountActions.PATH + "/" + accountId + "/" + action;
  }
}
