package org.plutro.server.domain;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Who may see one profile field (the privacy policy lets members choose, per item). Only
 * {@link #EVERYONE} fields leave the server: in the actor document, embedded accounts and pages.
 */
public enum FieldAudience {
  EVERYONE, MEMBERS, FOLLOWERS, ONLY_ME;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code everyone}, {@code members}, {@code followers} or {@code only_me}. */
  public static FieldAudience parse(String value) {
    return valueOf(value.strip().toUpperCase(Locale.ROOT));
  }

  /** A stored field's audience; fields stored before audiences existed are for everyone. */
  public static FieldAudience of(JsonObject field) {
    String value = field.getString("audience");
    if (value == null) {
      return EVERYONE;
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      return ONLY_ME;
    }
  }

  /** Whether a viewer with this relation to the account may see a field for this audience. */
  public boolean shownTo(FieldAudience viewer) {
    return ordinal() <= viewer.ordinal();
  }
}
