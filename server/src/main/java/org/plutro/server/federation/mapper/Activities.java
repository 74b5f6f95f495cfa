package org.plutro.server.federation.mapper;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Ref;
import org.plutro.federation.vocab.Tombstone;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;

/**
 * The activities we send, shaped as Mastodon sends them: vocabulary records, which the caller
 * writes ({@code toJson()} for a document, {@code toJsonEmbedded()} for a collection's item).
 */
public final class Activities {
  private Activities() {}

  /** A Follow; embedded as it is in the Accept, Reject or Undo of it. */
  public static Activity follow(String id, Account follower, Account target) {
    return Activity.builder(id, "Follow", follower.uri()).object(target.uri()).build();
  }

  /** A relay subscription: the instance actor follows the public collection, as Mastodon does. */
  public static Activity relayFollow(String id, Account instanceActor) {
    return Activity.builder(id, "Follow", instanceActor.uri()).object(Visibility.AS_PUBLIC).build();
  }

  public static Activity accept(Account target, Activity follow, long followId) {
    return Activity.builder(target.uri() + "#accepts/follows/" + followId, "Accept", target.uri())
        .object(follow).build();
  }

  public static Activity reject(Account target, Activity follow, long followId) {
    return reject(target.uri() + "#rejects/follows/" + followId, target, follow);
  }

  /** A Reject with an id of its own (of a Follow we never stored). */
  public static Activity reject(String id, Account target, Activity follow) {
    return Activity.builder(id, "Reject", target.uri()).object(follow).build();
  }

  public static Activity undo(Account actor, Activity undone) {
    return Activity.builder(undone.id() + "/undo", "Undo", actor.uri()).object(undone).build();
  }

  /** Block: sent to the blocked actor alone, without addressing, as Mastodon sends it. */
  public static Activity block(String id, Account member, Account target) {
    return Activity.builder(id, "Block", member.uri()).object(target.uri()).build();
  }

  /** Move of the member to {@code target}: the member is the object, as Mastodon sends it. */
  public static Activity move(String id, Account member, Account target) {
    return Activity.builder(id, "Move", member.uri()).object(member.uri()).target(target.uri()).build();
  }

  /** Read of a direct message, to its sender (who asked for read receipts). */
  public static Activity read(String id, Account reader, Account sender, Status message) {
    return Activity.builder(id, "Read", reader.uri()).object(message.uri()).to(List.of(sender.uri())).build();
  }

  /**
   * Flag of {@code target} and its posts, from the instance actor, as Mastodon forwards a report:
   * the object a list even of the account alone, the comment as {@code content}.
   */
  public static Activity flag(String id, Account instanceActor, Account target, List<String> statusUris,
      String comment) {
    List<Ref<AsObject>> objects = new ArrayList<>();
    objects.add(Ref.to(target.uri()));
    statusUris.forEach(uri -> objects.add(Ref.to(uri)));
    return Activity.builder(id, "Flag", instanceActor.uri()).content(comment).objects(objects).build();
  }

  /** The Note of a post, without its tags and attachments (see {@link NoteDocument} for those). */
  public static Note note(Status status, Account author) {
    return Note.builder(status.uri(), "Note")
        .attributedTo(author.uri())
        .content(status.content())
        .published(status.createdAt().toInstant())
        .url(status.url())
        .to(status.to())
        .cc(status.cc())
        .sensitive(status.sensitive())
        .summary(status.spoilerText().isEmpty() ? null : status.spoilerText())
        .inReplyTo(status.inReplyToUri())
        .contentMap(status.language() == null ? Map.of()
            : Collections.singletonMap(status.language(), status.content()))
        .updated(status.editedAt() == null ? null : status.editedAt().toInstant())
        .build();
  }

  /** Create(Note) of the post's Note without its tags and attachments (a collection's item). */
  public static Activity create(Status status, Account author) {
    return create(status, author, note(status, author));
  }

  /** Create(Note), addressed like the note itself; its id is the note's id + "/activity". */
  public static Activity create(Status status, Account author, Note note) {
    return Activity.builder(status.uri() + "/activity", "Create", author.uri())
        .published(status.createdAt().toInstant())
        .to(status.to())
        .cc(status.cc())
        .object(note)
        .build();
  }

  /** Delete with a Tombstone, to the same audience as the note had. */
  public static Activity delete(Status status, Account author) {
    return Activity.builder(status.uri() + "#delete", "Delete", author.uri())
        .to(status.to())
        .cc(status.cc())
        .object(tombstone(status.uri(), "Note", null))
        .build();
  }

  /** What a deleted post or a closed account became; {@code deleted} when known (to the millisecond). */
  public static Tombstone tombstone(String id, String formerType, OffsetDateTime deleted) {
    return new Tombstone(id, List.of("Tombstone"), formerType,
        deleted == null ? null : deleted.toInstant().truncatedTo(ChronoUnit.MILLIS), null);
  }
}
