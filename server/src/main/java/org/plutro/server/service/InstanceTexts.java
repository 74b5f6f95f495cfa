package org.plutro.server.service;

import io.vertx.core.Future;
import org.plutro.server.store.InstanceTextStore;

/**
 * What admins write about the instance at {@code /admin/instance}: the short description (instead
 * of {@code PLUTRO_INSTANCE_DESCRIPTION}), a longer description for the about page, and the
 * privacy policy (instead of the file in the data folder, or Plutro's own). Empty is "as by
 * default". Shown on {@code /about} and {@code /privacy-policy} at once.
 */
public final class InstanceTexts {
  public static final String SHORT_DESCRIPTION = "short_description";
  public static final String EXTENDED_DESCRIPTION = "extended_description";
  public static final String PRIVACY_POLICY = "privacy_policy";
  public static final int SHORT_MAX = 500;
  public static final int EXTENDED_MAX = 20_000;
  public static final int PRIVACY_MAX = 100_000;

  /** The texts an admin wrote; each is empty where the default applies. */
  public record Texts(String shortDescription, String extendedDescription, String privacyPolicy) {}

  private final InstanceTextStore store;

  public InstanceTexts(InstanceTextStore store) {
    this.store = store;
  }

  public Future<Texts> texts() {
    return store.texts().map(texts -> new Texts(texts.getOrDefault(SHORT_DESCRIPTION, ""),
        texts.getOrDefault(EXTENDED_DESCRIPTION, ""), texts.getOrDefault(PRIVACY_POLICY, "")));
  }

  /** Saves all three; an empty one goes back to its default. */
  public Future<Void> save(Texts texts) {
    ValidationErrors errors = new ValidationErrors();
    AdminText.check(errors, SHORT_DESCRIPTION, texts.shortDescription(), SHORT_MAX, false);
    AdminText.check(errors, EXTENDED_DESCRIPTION, texts.extendedDescription(), EXTENDED_MAX, false);
    AdminText.check(errors, PRIVACY_POLICY, texts.privacyPolicy(), PRIVACY_MAX, false);
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    return Future.all(put(SHORT_DESCRIPTION, texts.shortDescription()),
        put(EXTENDED_DESCRIPTION, texts.extendedDescription()), put(PRIVACY_POLICY, texts.privacyPolicy()))
        .mapEmpty();
  }

  private Future<Void> put(String name, String value) {
    String text = AdminText.strip(value).replace("\r\n", "\n");
    return text.isEmpty() ? store.remove(name) : store.put(name, text);
  }
}
