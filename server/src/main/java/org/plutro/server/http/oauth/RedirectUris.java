package org.plutro.server.http.oauth;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Which redirect URIs an app may register and be sent to: out-of-band, http(s) with a host, or an
 * app's own scheme ({@code com.example.app:/callback}). Schemes that run or show content in the
 * browser itself are refused, as Mastodon's Doorkeeper setup refuses them: a redirect there would
 * run an attacker's script on our origin's say-so.
 */
public final class RedirectUris {
  public static final String OOB = "urn:ietf:wg:oauth:2.0:oob";
  private static final Set<String> FORBIDDEN_SCHEMES =
      Set.of("javascript", "data", "vbscript", "file", "about", "blob", "filesystem");

  private RedirectUris() {}

  public static boolean acceptable(String value) {
    if (OOB.equals(value)) {
      return true;
    }
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute() || uri.getFragment() != null) {
        return false;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (FORBIDDEN_SCHEMES.contains(scheme)) {
        return false;
      }
      return !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
