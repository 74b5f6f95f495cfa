package org.plutro.server.federation.mapper;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Ref;
import org.plutro.federation.vocab.Tag;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.MentionStore.Mentioned;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.QuoteStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.uri.Uris;

/**
 * Our Note as peers read it: the base shape from {@link Activities#note}, plus its {@code Mention}
 * and {@code Hashtag} tags, its attachments, its interaction policy and its {@code replies}
 * collection, as Mastodon and GoToSocial write them.
 */
public final class NoteDocument {
  private NoteDocument() {}

  public static Note of(Status status, Account author, Collection<Account> mentioned,
      Collection<String> tags, List<MediaAttachment> media, Uris uris) {
    List<Tag> tag = new ArrayList<>();
    for (Account account : mentioned) {
      String handle = account.isLocal() ? uris.acct(account.username()) : account.acct();
      tag.add(new Tag.Mention(account.uri(), "@" + handle));
    }
    for (String name : tags) {
      tag.add(new Tag.Hashtag(uris.tag(name), "#" + name));
    }
    Note.Builder note = Activities.note(status, author).toBuilder()
        .attachment(MediaDocuments.documents(media, uris))
        .tag(tag)
        .replies(replies(uris.replies(status.uri())));
    if (status.local() && status.reblogOfId() == null) {
      note.interactionPolicy(InteractionPolicies.document(status, author, mentioned));
    }
    return note.build();
  }

  /** The replies collection as Mastodon embeds it: its first page, empty, pointing at the next. */
  private static org.plutro.federation.vocab.Collection replies(String id) {
    org.plutro.federation.vocab.Collection first = org.plutro.federation.vocab.Collection.page(null,
        "CollectionPage", id, id + "?page=true", List.of());
    return org.plutro.federation.vocab.Collection.paged(id, "Collection", null, Ref.of(first));
  }

  /** The Note of a stored post, its mentions, tags, attachments and poll read from the database. */
  public static Future<Note> load(SqlClient client, Status status, Account author, Uris uris) {
    List<Long> id = List.of(status.id());
    // One read after the other, as the client may be a connection in a transaction.
    Future<Map<Long, List<Mentioned>>> mentions = MentionStore.of(client, id);
    Future<Map<Long, List<String>>> tags = mentions.compose(read -> TagStore.of(client, id));
    Future<List<MediaAttachment>> media = tags.compose(read -> MediaStore.byStatuses(client, id));
    Future<Optional<PollStore.Poll>> polls = media.compose(read -> PollStore.byStatus(client, status.id()));
    return polls.compose(read -> QuoteStore.byStatus(client, status.id())).map(quote -> {
      Note note = QuoteDocuments.withQuote(of(status, author,
          typed(mentions.result().getOrDefault(status.id(), List.of())),
          tags.result().getOrDefault(status.id(), List.of()), media.result(), uris), quote.orElse(null));
      return polls.result().isEmpty() ? note : question(note, polls.result().get());
    }).compose(note -> EmojiTags.add(client, note, uris));
  }

  /** The Note as the Question carrying {@code poll}. */
  public static Note question(Note note, PollStore.Poll poll) {
    return note.toBuilder().type("Question").poll(PollDocuments.poll(poll)).build();
  }

  /** The mentions that were written as tags (silent ones were only addressed). */
  public static List<Account> typed(List<Mentioned> mentions) {
    List<Account> accounts = new ArrayList<>();
    for (Mentioned mention : mentions) {
      if (!mention.silent()) {
        accounts.add(mention.account());
      }
    }
    return accounts;
  }

  /** Every mentioned account, silent ones included (the addressed audience). */
  public static List<Account> typedAndSilent(List<Mentioned> mentions) {
    List<Account> accounts = new ArrayList<>();
    mentions.forEach(mention -> accounts.add(mention.account()));
    return accounts;
  }

  /** Update(Note), to the note's audience, for an edit made at the note's {@code updated}. */
  public static Activity update(Status status, Account author, Note note) {
    return Activity.builder(status.uri() + "#updates/" + status.editedAt().toInstant().toEpochMilli(),
            "Update", author.uri())
        .published(status.editedAt().toInstant())
        .to(status.to())
        .cc(status.cc())
        .object(note)
        .build();
  }
}
