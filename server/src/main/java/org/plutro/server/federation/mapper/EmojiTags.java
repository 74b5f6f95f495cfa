package org.plutro.server.federation.mapper;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.plutro.federation.vocab.Actor;
import org.plutro.federation.vocab.Media;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.OtherObject;
import org.plutro.federation.vocab.Tag;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.CustomEmoji;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.uri.Uris;

/**
 * The {@code Emoji} tags of what we publish, as Mastodon writes them: one for each of our custom
 * emoji that a post's text or a member's profile names, so that other servers show them too.
 * Nothing is read when no text names a shortcode.
 */
public final class EmojiTags {
  private EmojiTags() {}

  /** Mastodon's Emoji tag for one of ours. */
  public static Tag.Emoji of(CustomEmoji emoji, Uris uris) {
    return new Tag.Emoji(uris.base() + "/emojis/" + emoji.id(), emoji.colonized(),
        Media.image(emoji.mediaType(), uris.emojiImage(emoji)), emoji.updatedAt().toInstant());
  }

  /** One of ours as the document at its id, as Mastodon's {@code ActivityPub::EmojiSerializer} writes it. */
  public static JsonObject document(CustomEmoji emoji, Uris uris) {
    JsonObject tag = of(emoji, uris).toJson();
    String id = tag.getString("id");
    tag.remove("id");
    tag.remove("type");
    return new OtherObject(id, List.of("Emoji"), tag).toJson();
  }

  /** The Note with the Emoji tags of our emoji that its content and content warning name. */
  public static Future<Note> add(SqlClient client, Note note, Uris uris) {
    return tags(client, EmojiCodes.in(note.text(), note.summary()), uris)
        .map(tags -> tags.isEmpty() ? note : note.toBuilder().tag(joined(note.tag(), tags)).build());
  }

  /** The member's actor with the Emoji tags of our emoji that its profile names. */
  public static Future<Actor> add(SqlClient client, Actor actor, Account member, Uris uris) {
    return CustomEmojiStore.local(client, profileCodes(member))
        .map(emojis -> with(actor, tags(emojis, uris)));
  }

  /** The Emoji tags for the member's profile (add them with {@link #with}). */
  public static Future<List<Tag>> ofProfile(CustomEmojiStore store, Account member, Uris uris) {
    return store.local(profileCodes(member)).map(emojis -> tags(emojis, uris));
  }

  public static Actor with(Actor actor, List<Tag> tags) {
    return tags.isEmpty() ? actor : actor.toBuilder().tag(joined(actor.tag(), tags)).build();
  }

  private static Set<String> profileCodes(Account member) {
    // A suspended member's actor shows nothing of the profile.
    return member.suspended() ? Set.of() : EmojiCodes.inProfile(member);
  }

  private static Future<List<Tag>> tags(SqlClient client, Set<String> shortcodes, Uris uris) {
    return CustomEmojiStore.local(client, shortcodes).map(emojis -> tags(emojis, uris));
  }

  private static List<Tag> tags(List<CustomEmoji> emojis, Uris uris) {
    List<Tag> tags = new ArrayList<>(emojis.size());
    emojis.forEach(emoji -> tags.add(of(emoji, uris)));
    return tags;
  }

  private static List<Tag> joined(List<Tag> first, List<Tag> then) {
    List<Tag> all = new ArrayList<>(first);
    all.addAll(then);
    return all;
  }
}
