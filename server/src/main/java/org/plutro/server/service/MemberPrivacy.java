package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.Locale;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.MemberPrivacyStore.Privacy;

/**
 * A member's privacy choices, the same from the API and the settings page: who may message them
 * ({@code everyone}, {@code following}, {@code nobody}), read receipts (off unless turned on), and
 * who may reply to and share their new posts ({@code everyone}, {@code followers}, {@code nobody}).
 */
public final class MemberPrivacy {
  /** What to change; null keeps the current value. */
  public record Changes(String messagesFrom, String readReceipts, String repliesFrom,
      String sharesFrom) {}

  private final MemberPrivacyStore privacy;

  public MemberPrivacy(MemberPrivacyStore privacy) {
    this.privacy = privacy;
  }

  public Future<Privacy> get(long accountId) {
    return privacy.get(accountId);
  }

  /** Applies the changes; an unknown value is a 422 that changes nothing. */
  public Future<Privacy> update(long accountId, Changes changes) {
    ValidationErrors errors = validate(changes);
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    return privacy.get(accountId).compose(current -> {
      Privacy next = new Privacy(
          changes.messagesFrom() != null ? normal(changes.messagesFrom()) : current.messagesFrom(),
          changes.readReceipts() != null ? truthy(changes.readReceipts()) : current.readReceipts(),
          changes.repliesFrom() != null ? normal(changes.repliesFrom()) : current.repliesFrom(),
          changes.sharesFrom() != null ? normal(changes.sharesFrom()) : current.sharesFrom());
      return privacy.put(accountId, next).map(next);
    });
  }

  /** The changes' errors, to check before anything else a form changes is written. */
  public static ValidationErrors validate(Changes changes) {
    ValidationErrors errors = new ValidationErrors();
    if (changes.messagesFrom() != null
        && !MemberPrivacyStore.MESSAGES_FROM.contains(normal(changes.messagesFrom()))) {
      errors.add("messages_from", "ERR_INCLUSION", "is not included in the list");
    }
    if (changes.readReceipts() != null
        && !normal(changes.readReceipts()).matches("true|false|1|0|on|off|t|f|yes|no")) {
      errors.add("read_receipts", "ERR_INVALID", "is not a boolean");
    }
    if (changes.repliesFrom() != null
        && !MemberPrivacyStore.INTERACTIONS_FROM.contains(normal(changes.repliesFrom()))) {
      errors.add("replies_from", "ERR_INCLUSION", "is not included in the list");
    }
    if (changes.sharesFrom() != null
        && !MemberPrivacyStore.INTERACTIONS_FROM.contains(normal(changes.sharesFrom()))) {
      errors.add("shares_from", "ERR_INCLUSION", "is not included in the list");
    }
    return errors;
  }

  private static String normal(String value) {
    return value.strip().toLowerCase(Locale.ROOT);
  }

  private static boolean truthy(String value) {
    return normal(value).matches("true|1|on|t|yes");
  }
}
