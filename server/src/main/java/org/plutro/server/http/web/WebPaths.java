package org.plutro.server.http.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The web pages' addresses: Mastodon's, so that apps' links and people's habits work here too. */
public final class WebPaths {
  public static final String HOME = "/";
  public static final String ABOUT = "/about";
  public static final String SIGN_IN = "/auth/sign_in";
  /** The second step of signing in: a code from an authenticator app, or a recovery code. */
  public static final String SIGN_IN_CODE = "/auth/sign_in/two_factor";
  public static final String SIGN_UP = "/auth/sign_up";
  public static final String SIGN_OUT = "/auth/sign_out";
  public static final String CONFIRMATION = "/auth/confirmation";
  public static final String PASSWORD_RESET = "/auth/password/new";
  /** Where a member who may not act yet learns what is missing (Mastodon's path). */
  public static final String SETUP = "/auth/setup";
  public static final String SETTINGS = "/settings/profile";
  public static final String TWO_FACTOR = "/settings/two_factor";
  // A member's pages (Mastodon's paths).
  public static final String HOME_TIMELINE = "/home";
  public static final String PUBLISH = "/publish";

  private WebPaths() {}

  /** The sign-in page, coming back to {@code returnTo} (a path on this server) afterwards. */
  public static String signIn(String returnTo) {
    return isLocalPath(returnTo)
        ? SIGN_IN + "?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)
        : SIGN_IN;
  }

  /**
   * A path on this server, not a way to another one ({@code //host}, {@code /\host}, or either
   * with a tab or line break, which browsers drop before reading the address).
   */
  public static boolean isLocalPath(String path) {
    if (path == null || !path.startsWith("/") || path.startsWith("//")) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x21 || c == 0x7f || c == '\\') {
        return false;
      }
    }
    return true;
  }

  // Visitors' pages.
  public static final String PRIVACY_POLICY = "/privacy-policy";
  public static final String AUTHORIZE_INTERACTION = "/authorize_interaction";
  public static final String REMOTE_INTERACTION = "/remote_interaction";

  /** Where a member of ours follows, likes, shares or answers {@code uri} (WebFinger's subscribe). */
  public static String authorizeInteraction(String uri) {
    return AUTHORIZE_INTERACTION + "?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }

  /** Where someone from another server follows or answers {@code uri}, one of ours, from there. */
  public static String remoteInteraction(String uri) {
    return REMOTE_INTERACTION + "?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }
}
