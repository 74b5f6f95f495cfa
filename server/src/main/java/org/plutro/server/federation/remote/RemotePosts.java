package org.plutro.server.federation.remote;

import org.plutro.server.domain.NotificationType;
import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Tag;
import org.plutro.federation.vocab.Vocab;
import org.plutro.federation.vocab.VocabException;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.federation.mapper.PollDocuments;
import org.plutro.server.text.Html;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.text.StatusText;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.RemotePostStore;
import org.plutro.server.store.RemotePostStore.Contents;
import org.plutro.server.store.RemotePostStore.Notice;
import org.plutro.server.store.RemotePostStore.Post;
import org.plutro.server.store.StatusEditStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.uri.Uris;
import io.vertx.sqlclient.Pool;

/**
 * Remote posts we take in, whether delivered or fetched, and their edits. What needs reading is
 * read first — the row (its parent, its interaction policy), the accounts the Note mentions
 * (tagged, or local actors only addressed: silent) minus the local members who refuse it, its
 * hashtags, attachments and poll — then the post and everything it carries are written in one
 * transaction ({@link RemotePostStore}): a failure anywhere leaves nothing behind, and the job's
 * retry stores the post whole.
 */
public final class RemotePosts {
  public static final Set<String> POST_TYPES = Set.of("Note", "Article", "Page", "Question");
  /** Tags beyond these are ignored: a Note cannot make us store or resolve without bound. */
  static final int MAX_MENTIONS = 50;
  static final int MAX_HASHTAGS = 30;
  private static final Pattern TAG_NAME = Pattern.compile("^[\\p{L}\\p{N}_]{1,100}$");

  /** The uris a Note's Mention tags point to, and its hashtags (normalised), in its order. */
  private record Tags(Set<String> mentionUris, Set<String> hashtags) {}

  /**
   * The accounts we hold that a Note mentions, and the local ones it only addresses, without the
   * members who refuse it; {@code refusedByAll} when it concerns local members and all refuse it.
   */
  private record Audience(List<Account> mentioned, List<Account> silent, boolean refusedByAll) {}

  private final Pool pool;
  private final Uris uris;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final RemotePostStore remotePostStore;
  private final DocumentFetcher fetcher;
  private final RemoteActors remoteActors;
  private final DomainBlocks domainBlocks;

  public RemotePosts(Pool pool, Uris uris, AccountStore accounts, StatusStore statuses,
      RemotePostStore remotePostStore, DocumentFetcher fetcher, RemoteActors remoteActors,
      DomainBlocks domainBlocks) {
    this.pool = pool;
    this.uris = uris;
    this.accounts = accounts;
    this.statuses = statuses;
    this.remotePostStore = remotePostStore;
    this.fetcher = fetcher;
    this.remoteActors = remoteActors;
    this.domainBlocks = domainBlocks;
  }

  /**
   * Stores a Note by {@code author} with all it carries, the mentioned local members notified if
   * {@code notify}; answers the new id, or empty when it was already known (or refused).
   */
  public Future<Optional<Long>> store(Note note, Account author, boolean notify) {
    Tags tags = tags(note);
    return RemoteStatus.from(statuses, note, author).compose(status -> audience(note, tags, author)
        .compose(audience -> status.visibility() == Visibility.DIRECT && audience.refusedByAll()
            // A direct message that none of its local recipients takes is not stored at all.
            ? Future.succeededFuture(Optional.<Long>empty())
            : remotePostStore.insert(new Post(status,
                contents(note, author, tags, audience, notify, true,
                    // None at all from a domain whose media the admins reject (as Mastodon, the
                    // post keeps its text).
                    !domainBlocks.rejectsMedia(author.domain()))))));
  }

  /**
   * A new version of the remote post {@code status}: its text, a snapshot for its history, what
   * it carries now (new mentions notified), and an {@code update} notification for the local
   * members who shared it, all in one transaction.
   */
  public Future<Void> edit(Status status, Note note, Account author) {
    Tags tags = tags(note);
    return audience(note, tags, author).compose(audience -> pool.withTransaction(tx ->
        editInTransaction(tx, status, note, author, tags, audience)));
  }

  private static Future<Void> editInTransaction(SqlClient tx, Status status, Note note,
      Account author, Tags tags, Audience audience) {
    return StatusEditStore.edit(tx, status.id(), Html.sanitize(note.text()), null,
            RemoteStatus.summary(note), note.isSensitive(),
            RemoteStatus.language(note), status.to(), status.cc(), OffsetDateTime.now())
        .compose(edited -> edited.isEmpty() ? Future.<Void>succeededFuture()
            : RemotePostStore.update(tx, status, InteractionPolicies.read(note.interactionPolicy(), author),
                    contents(note, author, tags, audience, true, false, false))
                .compose(done -> NotificationStore.insertForRebloggers(tx, status.id(), author.id())));
  }

  /** Fetches the post at {@code uri} (signed as our instance actor) and stores it. */
  public Future<Optional<Status>> fetch(String uri) {
    return fetcher.fetch(uri).compose(document -> {
      Note note = readable(document);
      String actorUri = note == null ? null : authorOf(note);
      if (note == null || !isPost(note) || actorUri == null
          || !Refs.sameOrigin(note.id(), uri) || !Refs.sameOrigin(actorUri, note.id())
          || uris.isLocal(note.id())) {
        return Future.succeededFuture(Optional.<Status>empty());
      }
      return remoteActors.byUri(actorUri)
          .compose(author -> store(note, author, false))
          .compose(stored -> statuses.byUri(note.id()));
    });
  }

  /** A fetched document as a post, or null when it is none we can read (nothing to store then). */
  private static Note readable(JsonObject document) {
    try {
      return Vocab.parseNote(document);
    } catch (VocabException e) {
      return null;
    }
  }

  /** Whether the Note is of a type we store as a post. */
  public static boolean isPost(Note note) {
    return POST_TYPES.contains(note.type());
  }

  /**
   * The one actor the post is attributed to; null when it names none, or several (whose post
   * would it be?).
   */
  public static String authorOf(Note note) {
    return note.attributedTo().size() == 1 ? note.attributedToId() : null;
  }

  private static Tags tags(Note note) {
    Set<String> mentionUris = new LinkedHashSet<>();
    for (Tag.Mention mention : note.mentions()) {
      if (mention.href() != null && mentionUris.size() < MAX_MENTIONS) {
        mentionUris.add(mention.href());
      }
    }
    Set<String> hashtags = new LinkedHashSet<>();
    for (Tag.Hashtag hashtag : note.hashtags()) {
      if (hashtag.name() != null && hashtags.size() < MAX_HASHTAGS) {
        String normalized = StatusText.normalizeTag(hashtag.name().strip());
        if (TAG_NAME.matcher(normalized).matches()) {
          hashtags.add(normalized);
        }
      }
    }
    return new Tags(mentionUris, hashtags);
  }

  /** Who the Note concerns; local actors addressed without a Mention tag are silent mentions. */
  private Future<Audience> audience(Note note, Tags tags, Account author) {
    Set<String> addressed = new LinkedHashSet<>();
    addressed.addAll(note.to());
    addressed.addAll(note.cc());
    List<String> silentUris = new ArrayList<>();
    for (String uri : addressed) {
      if (uris.isLocal(uri) && !tags.mentionUris().contains(uri)
          && silentUris.size() < MAX_MENTIONS) {
        silentUris.add(uri);
      }
    }
    return accounts(new ArrayList<>(tags.mentionUris())).compose(all -> accounts(silentUris)
        .compose(allSilent -> {
          Set<Long> local = new LinkedHashSet<>();
          all.stream().filter(Account::isLocal).forEach(account -> local.add(account.id()));
          allSilent.forEach(account -> local.add(account.id()));
          return MemberPrivacyStore.refusing(pool, author.id(), local, isDirect(note, author))
              .map(refusing -> new Audience(kept(all, refusing), kept(allSilent, refusing),
                  !local.isEmpty() && refusing.containsAll(local)));
        }));
  }

  /**
   * What a Note carries besides its row; an edit ({@code !fresh}) keeps the attachments, and
   * without {@code media} none are taken.
   */
  private static Contents contents(Note note, Account author, Tags tags, Audience audience,
      boolean notify, boolean fresh, boolean media) {
    List<Notice> notices = new ArrayList<>();
    if (notify) {
      audience.mentioned().stream().filter(Account::isLocal)
          .forEach(account -> notices.add(new Notice(account.id(), NotificationType.MENTION)));
    }
    return new Contents(ids(audience.mentioned()), ids(audience.silent()), tags.hashtags(),
        fresh && media ? RemoteMedia.parse(note.attachment()) : List.of(),
        "Question".equals(note.type()) ? PollDocuments.read(note.poll()) : null,
        // Only a direct post or a reply can open or continue a conversation.
        fresh && (note.inReplyTo() != null || isDirect(note, author)),
        notices);
  }

  /** Members who refuse the post (they block its author, or do not take its messages) are left out. */
  private static List<Account> kept(List<Account> accounts, Set<Long> refusing) {
    List<Account> kept = new ArrayList<>();
    accounts.stream().filter(a -> !refusing.contains(a.id())).forEach(kept::add);
    return kept;
  }

  /** The accounts we hold with these ids (local members, or remote actors already stored). */
  private Future<List<Account>> accounts(List<String> accountUris) {
    List<Future<Optional<Account>>> lookups = new ArrayList<>();
    for (String uri : accountUris) {
      // A local account counts only while it is ours and not closed (as LocalAccounts, which
      // this layer does not reach).
      lookups.add(accounts.byUri(uri).map(found -> found.filter(a -> a.deletedAt() == null
          && (!uris.isLocal(uri) || a.isLocal()))));
    }
    return Future.all(lookups).map(done -> {
      List<Account> found = new ArrayList<>();
      lookups.forEach(lookup -> lookup.result().ifPresent(found::add));
      return found;
    });
  }

  private static List<Long> ids(List<Account> accounts) {
    List<Long> ids = new ArrayList<>();
    accounts.forEach(account -> ids.add(account.id()));
    return ids;
  }

  /** Addressed to neither Public nor the author's followers: a direct post. */
  private static boolean isDirect(Note note, Account author) {
    return Visibility.fromAddressing(note.to(), note.cc(), author.followersUrl()) == Visibility.DIRECT;
  }
}
