package org.plutro.server.federation.remote;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Note;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.text.Html;
import org.plutro.server.policy.InteractionPolicies;

/**
 * A remote Note (normalised ActivityStreams) as one of our status rows, its interaction policy
 * included.
 */
public final class RemoteStatus {
  private RemoteStatus() {}

  /**
   * The Note as a status row showing {@code content} (its text cleaned: {@link Html#clean}), a
   * reply to {@code parentId} (null when we do not hold its parent).
   */
  public static Status of(Note note, String content, Account author, Long parentId) {
    List<String> to = note.to();
    List<String> cc = note.cc();
    return new Status(0, note.id(), url(note),
        author.id(), false, parentId, note.inReplyToId().orElse(null), content, null,
        summary(note), note.isSensitive() || author.sensitizedAt() != null, language(note),
        Visibility.fromAddressing(to, cc, author.followersUrl()), to, cc, null,
        published(note.published()), null, null, InteractionPolicies.read(note.interactionPolicy(), author));
  }

  /** An Announce of one of our statuses, as the sharer's status row. */
  public static Status reblog(Activity announce, Account sharer, Status shared) {
    List<String> to = announce.to();
    List<String> cc = announce.cc();
    return new Status(0, announce.id(), null, sharer.id(), false, null, null, "", null,
        "", false, null, Visibility.fromAddressing(to, cc, sharer.followersUrl()), to, cc,
        shared.id(), published(announce.published()), null, null,
        InteractionPolicy.OPEN);
  }

  public static String summary(Note note) {
    return note.summary() == null ? "" : Html.text(note.summary());
  }

  /**
   * The first language of {@code contentMap}, if it can be a language tag. (Not
   * {@link Note#language()}, the one whose text is {@code content}: Plutro has always taken the
   * first.)
   */
  public static String language(Note note) {
    return note.contentMap().keySet().stream().findFirst()
        .filter(language -> language.length() <= 16).orElse(null);
  }

  /** The web page: the one {@code url}, whatever it is; with none or several, the post's id. */
  private static String url(Note note) {
    return note.url().size() == 1 ? note.url().get(0).href() : note.id();
  }

  /**
   * When it was published; now when that is unknown (or a date-time the vocabulary could not
   * read), or in the future (it would pin the post to the top of every timeline).
   */
  private static OffsetDateTime published(Instant value) {
    OffsetDateTime now = OffsetDateTime.now();
    if (value == null) {
      return now;
    }
    OffsetDateTime published = value.atOffset(ZoneOffset.UTC);
    return published.isAfter(now) ? now : published;
  }
}
