package org.plutro.server.federation.mapper;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.MentionStore.Mentioned;
import org.plutro.server.store.TagStore;
import org.plutro.server.uri.Uris;
import io.vertx.sqlclient.SqlClient;

/**
 * Our Note as peers read it: the base shape from {@link Activities#note}, plus its {@code Mention}
 * and {@code Hashtag} tags and its {@code replies} collection, as Mastodon writes them.
 */
public final class NoteDocument {
  private NoteDocument() {}

  public static JsonObject of(Status status, Account author, Collection<Account> mentioned,
      Collection<String> tags, List<MediaAttachment> media, Uris uris) {
    JsonArray tag = new JsonArray();
    for (Account account : mentioned) {
      String handle = account.isLocal() ? uris.acct(account.username()) : account.acct();
      tag.add(new JsonObject().put("type", "Mention").put("href", account.uri())
          .put("name", "@" + handle));
    }
    for (String name : tags) {
      tag.add(new JsonObject().put("type", "Hashtag").put("href", uris.tag(name))
          .put("name", "#" + name));
    }
    String replies = uris.replies(status.uri());
    JsonObject note = Activities.note(status, author);
    if (status.local() && status.reblogOfId() == null) {
      note.put("interactionPolicy", InteractionPolicies.document(status, author, mentioned));
    }
    return note
        .put("attachment", MediaDocuments.documents(media, uris))
        .put("tag", tag)
        .put("replies", new JsonObject().put("id", replies).put("type", "Collection")
            .put("first", new JsonObject().put("type", "CollectionPage")
                .put("next", replies + "?page=true").put("partOf", replies)
                .put("items", new JsonArray())));
  }

  /** The Note of a stored post, its mentions, tags and attachments read from the database. */
  public static Future<JsonObject> load(SqlClient client, Status status, Account author, Uris uris) {
    List<Long> id = List.of(status.id());
    // One read after the other, as the client may be a connection in a transaction.
    Future<Map<Long, List<Mentioned>>> mentions = MentionStore.of(client, id);
    Future<Map<Long, List<String>>> tags = mentions.compose(read -> TagStore.of(client, id));
    Future<List<MediaAttachment>> media = tags.compose(read -> MediaStore.byStatuses(client, id));
    return media.compose(read -> PollStore.byStatus(client, status.id())).map(poll -> {
      JsonObject note = of(status, author, typed(mentions.result().getOrDefault(status.id(), List.of())),
          tags.result().getOrDefault(status.id(), List.of()), media.result(), uris);
      return poll.isEmpty() ? note : PollDocuments.question(note, poll.get());
    });
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

  /** Create(Note) carrying the full Note. */
  public static JsonObject create(Status status, Account author, JsonObject note) {
    return Activities.create(status, author).put("object", note);
  }

  /** Update(Note), to the note's audience, for an edit made at the note's {@code updated}. */
  public static JsonObject update(Status status, Account author, JsonObject note) {
    String at = status.editedAt().toInstant().toString();
    return Activities.withContext(new JsonObject()
        .put("id", status.uri() + "#updates/" + status.editedAt().toInstant().toEpochMilli())
        .put("type", "Update")
        .put("actor", author.uri())
        .put("published", at)
        .put("to", new JsonArray(List.copyOf(status.to())))
        .put("cc", new JsonArray(List.copyOf(status.cc())))
        .put("object", note));
  }
}
