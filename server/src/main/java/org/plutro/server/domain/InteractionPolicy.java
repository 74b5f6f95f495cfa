package org.plutro.server.domain;

import java.util.Locale;

/**
 * Who may reply to a post, share it and quote it, as its author chose when publishing: everyone
 * (who can see it), the author's followers, or nobody. The author, and for replies the people the
 * post mentions, always may (GoToSocial's implicit rules).
 */
public record InteractionPolicy(Who replies, Who shares, Who quotes) {
  public static final InteractionPolicy OPEN = new InteractionPolicy(Who.EVERYONE, Who.EVERYONE);

  /** Replies and shares as given; quotes by everyone. */
  public InteractionPolicy(Who replies, Who shares) {
    this(replies, shares, Who.EVERYONE);
  }

  public InteractionPolicy withQuotes(Who quotes) {
    return new InteractionPolicy(replies, shares, quotes);
  }

  public enum Who {
    EVERYONE, FOLLOWERS, NOBODY;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** A stored or requested value; null (never restricted) is everyone. */
    public static Who parse(String value) {
      if (value == null) {
        return EVERYONE;
      }
      for (Who who : values()) {
        if (who.apiName().equals(value.strip().toLowerCase(Locale.ROOT))) {
          return who;
        }
      }
      throw new IllegalArgumentException("unknown audience: " + value);
    }

    /** As stored on a post: only restrictions are written. */
    public String column() {
      return this == EVERYONE ? null : apiName();
    }
  }

  public static InteractionPolicy of(String replies, String shares) {
    return replies == null && shares == null ? OPEN : new InteractionPolicy(Who.parse(replies), Who.parse(shares));
  }

  public static InteractionPolicy of(String replies, String shares, String quotes) {
    return quotes == null ? of(replies, shares)
        : new InteractionPolicy(Who.parse(replies), Who.parse(shares), Who.parse(quotes));
  }
}
