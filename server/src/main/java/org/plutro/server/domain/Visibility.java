package org.plutro.server.domain;

import java.util.Collection;
import java.util.Locale;

/** Who may see a post: Mastodon's four levels. */
public enum Visibility {
  PUBLIC, UNLISTED, PRIVATE, DIRECT;

  public static final String AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Visibility parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Public and unlisted posts may be read by anyone, signed or not. */
  public boolean isPubliclyReadable() {
    return this == PUBLIC || this == UNLISTED;
  }

  /**
   * What an incoming object's addressing means, as Mastodon reads it: Public in {@code to} is
   * public, in {@code cc} unlisted; the author's followers collection is followers-only; anything
   * else reaches only the named actors.
   */
  public static Visibility fromAddressing(Collection<String> to, Collection<String> cc,
      String followersUri) {
    if (to.contains(AS_PUBLIC)) {
      return PUBLIC;
    }
    if (cc.contains(AS_PUBLIC)) {
      return UNLISTED;
    }
    if (followersUri != null && (to.contains(followersUri) || cc.contains(followersUri))) {
      return PRIVATE;
    }
    return DIRECT;
  }
}
