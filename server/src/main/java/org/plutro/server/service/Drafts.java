package org.plutro.server.service;

import java.util.List;
import org.plutro.server.domain.User;
import org.plutro.server.domain.Visibility;

/**
 * A post as a member asks for it, through the API or the compose page: the fields they sent, and
 * their own defaults (visibility, sensitivity, language, who may quote) for what they left out.
 */
public final class Drafts {
  /** The fields as sent; null or blank means not sent. */
  public record Sent(String text, String visibility, String spoilerText, Boolean sensitive,
      String language, String inReplyToId, List<String> mediaIds, String idempotencyKey,
      PollService.PollDraft poll, String quotedStatusId, String quotePolicy) {}

  private Drafts() {}

  /** The draft {@code user} asks for; an unknown visibility is a 422. */
  public static StatusService.Draft of(User user, Sent sent) {
    boolean chosen = sent.visibility() != null && !sent.visibility().isBlank();
    Visibility visibility;
    try {
      visibility = Visibility.parse(chosen ? sent.visibility() : user.defaultPrivacy());
    } catch (IllegalArgumentException e) {
      throw new ValidationErrors().add("visibility", "ERR_INCLUSION", "is not included in the list")
          .toException();
    }
    return new StatusService.Draft(sent.text(), visibility, sent.spoilerText(),
        sent.sensitive() != null ? sent.sensitive() : user.defaultSensitive(),
        language(sent.language(), user.defaultLanguage()), sent.inReplyToId(),
        sent.mediaIds() == null ? List.of() : sent.mediaIds(), sent.idempotencyKey(), chosen, sent.poll(),
        sent.quotedStatusId(), blank(sent.quotePolicy()) ? user.defaultQuotePolicy() : sent.quotePolicy());
  }

  /** The language sent if it is a language code, else the member's default (as Mastodon). */
  private static String language(String sent, String fallback) {
    if (StatusService.validLanguage(sent)) {
      return sent;
    }
    return StatusService.validLanguage(fallback) ? fallback : null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
