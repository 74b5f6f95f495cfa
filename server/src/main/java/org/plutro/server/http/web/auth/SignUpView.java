package org.plutro.server.http.web.auth;

/**
 * What the sign-up page shows besides the form's fields: whether there is a form at all (else
 * {@code closedText} says why not), whether sign-ups wait for approval (then it asks why), the
 * instance's host for the handle, and the invite it came from.
 */
public record SignUpView(boolean formShown, String closedText, boolean approval, String authority,
    String inviteCode, Inviter inviter) {

  /** The member who made the invite, as the page introduces them. */
  public record Inviter(String name, String handle, String avatar, String profile) {}
}
