package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.Status;
import org.plutro.server.store.MediaStore.Linked;
import org.plutro.server.store.MediaStore.Placed;
import org.plutro.server.store.MentionStore.NewMention;
import org.plutro.server.store.NotificationStore.NewNotification;
import org.plutro.server.store.PollStore.RemoteOf;
import org.plutro.server.uri.RemoteMediaUrls;

/**
 * Remote posts as they arrive, whether delivered or fetched: each one's row and everything it
 * carries — mentions, hashtags, attachments, poll, the replies that were waiting for it, its place
 * in conversations, notifications — written in one transaction, so that a post is stored whole or
 * not at all and a retried job finds nothing half done. A post whose uri is known is a repeat:
 * nothing of it is written again, and nobody is notified twice.
 *
 * <p>Busy inboxes store many posts at once: a batch of posts shares each statement, in the
 * caller's transaction (see {@code RemotePosts}, which batches them).
 */
public final class RemotePostStore {

  /** Someone to notify of a post: of a mention, or for a share of the post it shares. */
  public record Notice(long accountId, String type) {}

  /**
   * What a post carries besides its row, as read (and refused where refused) beforehand: the
   * mentioned and the only addressed accounts, hashtags (lower-case), attachments, a poll (or
   * null), whether it opens or continues conversations, and who to notify.
   */
  public record Contents(List<Long> mentions, List<Long> silentMentions, Collection<String> hashtags,
      List<Linked> media, PollStore.Remote poll, boolean conversation, List<Notice> notices) {
    public static final Contents NONE = new Contents(List.of(), List.of(), List.of(), List.of(),
        null, false, List.of());

    /** The same, with {@code accountId} notified too. */
    public Contents notifying(long accountId, String type) {
      List<Notice> more = new ArrayList<>(notices);
      more.add(new Notice(accountId, type));
      return new Contents(mentions, silentMentions, hashtags, media, poll, conversation, more);
    }
  }

  /** A remote post to store: its row (interaction policy included) and what it carries. */
  public record Post(Status status, Contents contents) {}

  private record Stored(long id, Status status, Contents contents) {}

  private RemotePostStore() {}

  /**
   * Stores each post unless its uri is known, in the caller's transaction; answers their new ids
   * in the order given, empty for a repeat. Every step writes the whole batch in one statement.
   */
  public static Future<List<Optional<Long>>> insert(SqlClient tx, List<Post> posts) {
    List<Status> rows = new ArrayList<>(posts.size());
    posts.forEach(post -> rows.add(post.status()));
    return StatusStore.insertRemotes(tx, rows).compose(ids -> {
      List<Stored> stored = new ArrayList<>();
      List<Optional<Long>> answers = new ArrayList<>(posts.size());
      for (Post post : posts) {
        // The same uri twice in one batch: the first one was stored, the second is a repeat.
        Long id = ids.remove(post.status().uri());
        answers.add(Optional.ofNullable(id));
        if (id != null) {
          stored.add(new Stored(id, post.status(), post.contents()));
        }
      }
      return write(tx, stored).map(answers);
    });
  }

  private static Future<Void> write(SqlClient tx, List<Stored> stored) {
    if (stored.isEmpty()) {
      return Future.succeededFuture();
    }
    // The steps that do not read each other's rows are sent together: the connection pipelines
    // them, and the batch (which holds its author's counters from the insert on) waits for one
    // answer instead of one per step.
    return Future.all(List.of(
        adoptOrphans(tx, stored),
        // Before the conversations: they are those of the people a post concerns.
        MentionStore.insert(tx, mentions(stored))
            .compose(done -> ConversationStore.record(tx, conversations(stored))),
        MediaStore.insertLinked(tx, media(stored)),
        // Copied here by a job, so that readers load them from us (see RemoteMediaCache).
        RemoteMediaStore.queueFetches(tx, fetches(stored)),
        TagStore.link(tx, hashtags(stored)),
        PollStore.upsertRemote(tx, polls(stored)),
        NotificationStore.insert(tx, notifications(stored)))).mapEmpty();
  }

  /**
   * A new version of a stored remote post, in the caller's transaction (with its text): mentions
   * are only ever added (one already notified is not notified again), the hashtags, the poll and
   * the interaction policy become the new version's.
   */
  public static Future<Void> update(SqlClient tx, Status status, InteractionPolicy policy,
      Contents contents) {
    List<Stored> edited = List.of(new Stored(status.id(), status, contents));
    return MentionStore.insert(tx, mentions(edited))
        .compose(done -> TagStore.replace(tx, status.id(), contents.hashtags()))
        .compose(done -> PollStore.upsertRemote(tx, polls(edited)))
        .compose(done -> StatusStore.remotePolicy(tx, status.id(), policy))
        .compose(done -> NotificationStore.insert(tx, notifications(edited)));
  }

  private static Future<Void> adoptOrphans(SqlClient tx, List<Stored> stored) {
    List<String> uris = new ArrayList<>(stored.size());
    stored.forEach(s -> uris.add(s.status().uri()));
    return StatusStore.adoptOrphans(tx, uris);
  }

  private static List<NewMention> mentions(List<Stored> stored) {
    List<NewMention> mentions = new ArrayList<>();
    for (Stored s : stored) {
      // Tagged ones first: an account both tagged and addressed is mentioned, not silently.
      s.contents().mentions().forEach(id -> mentions.add(new NewMention(s.id(), id, false)));
      s.contents().silentMentions().forEach(id -> mentions.add(new NewMention(s.id(), id, true)));
    }
    return mentions;
  }

  private static List<Placed> media(List<Stored> stored) {
    List<Placed> media = new ArrayList<>();
    for (Stored s : stored) {
      List<Linked> linked = s.contents().media();
      for (int i = 0; i < linked.size(); i++) {
        media.add(new Placed(s.status().accountId(), s.id(), i + 1, linked.get(i)));
      }
    }
    return media;
  }

  private static List<RemoteMediaStore.Wanted> fetches(List<Stored> stored) {
    List<RemoteMediaStore.Wanted> wanted = new ArrayList<>();
    for (Stored s : stored) {
      for (Linked linked : s.contents().media()) {
        wanted.add(new RemoteMediaStore.Wanted(linked.url(),
            RemoteMediaUrls.Kind.ATTACHMENT.path(), s.status().accountId()));
      }
    }
    return wanted;
  }

  private static Map<Long, Collection<String>> hashtags(List<Stored> stored) {
    Map<Long, Collection<String>> hashtags = new LinkedHashMap<>();
    stored.forEach(s -> hashtags.put(s.id(), s.contents().hashtags()));
    return hashtags;
  }

  private static List<RemoteOf> polls(List<Stored> stored) {
    List<RemoteOf> polls = new ArrayList<>();
    for (Stored s : stored) {
      if (s.contents().poll() != null) {
        polls.add(new RemoteOf(s.id(), s.status().accountId(), s.contents().poll()));
      }
    }
    return polls;
  }

  private static List<Long> conversations(List<Stored> stored) {
    List<Long> ids = new ArrayList<>();
    stored.stream().filter(s -> s.contents().conversation()).forEach(s -> ids.add(s.id()));
    return ids;
  }

  private static List<NewNotification> notifications(List<Stored> stored) {
    List<NewNotification> notifications = new ArrayList<>();
    for (Stored s : stored) {
      // A share notifies of the post it shares.
      long about = s.status().reblogOfId() != null ? s.status().reblogOfId() : s.id();
      for (Notice notice : s.contents().notices()) {
        notifications.add(new NewNotification(notice.accountId(), notice.type(),
            s.status().accountId(), about));
      }
    }
    return notifications;
  }
}
