package org.plutro.server.federation.remote;

import org.plutro.server.domain.NotificationType;
import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Tag;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.federation.mapper.PollDocuments;
import org.plutro.server.text.CleanHtml;
import org.plutro.server.text.Html;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.text.StatusText;
import org.plutro.server.db.Batcher;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.MemberPrivacyStore.Recipient;
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
 * Remote posts we take in, whether delivered or fetched, and their edits. A post and everything it
 * carries — its row (its parent, its interaction policy), the accounts the Note mentions (tagged,
 * or local actors only addressed: silent) minus the local members who refuse it, its hashtags,
 * attachments and poll — is read and written in one transaction ({@link RemotePostStore}): a
 * failure anywhere leaves nothing behind, and the job's retry stores the post whole.
 *
 * <p>Busy inboxes store many posts at once: posts submitted together go in one batch, and the
 * batch's one transaction reads what all of them need (parents, accounts, refusals) and writes
 * them, each step one statement for the whole batch, with one commit (see {@link Batcher}). If a
 * batch fails, each of its posts is stored in a transaction of its own, so that one bad post does
 * not take the others with it.
 *
 * <p>Every post stored or edited here, delivered or fetched, has its quote kept ({@link
 * RemoteQuotes}), once the post is written.
 */
public final class RemotePosts {
  public static final Set<String> POST_TYPES = Set.of("Note", "Article", "Page", "Question");
  /** Tags beyond these are ignored: a Note cannot make us store or resolve without bound. */
  static final int MAX_MENTIONS = 50;
  static final int MAX_HASHTAGS = 30;
  private static final Pattern TAG_NAME = Pattern.compile("^[\\p{L}\\p{N}_]{1,100}$");
  private static final int MAX_BATCH = 64;
  // Each batch holds a pool connection for its transaction; two keep a commit always under way.
  private static final int BATCHES_IN_FLIGHT = 2;

  /**
   * Whether a reply to {@code parent} (one of ours, or one we hold) may be kept, judged in the
   * transaction {@code tx} that would store it.
   */
  @FunctionalInterface
  public interface ReplyGate {
    Future<Boolean> admit(SqlClient tx, Status parent);
  }

  /**
   * The uris a Note's Mention tags point to, the local actors it only addresses, and its hashtags
   * (normalised), in its order.
   */
  private record Tags(Set<String> mentionUris, List<String> silentUris, Set<String> hashtags) {}

  /**
   * The accounts we hold that a Note mentions, and the local ones it only addresses, without the
   * members who refuse it; {@code refusedByAll} when it concerns local members and all refuse it.
   */
  private record Audience(List<Account> mentioned, List<Account> silent, boolean refusedByAll) {}

  /**
   * A post waiting for its batch: a Note (its text cleaned: {@code content}) whose parent and
   * audience the batch reads (replies held to {@code gate}, if any), or a post ready to store
   * ({@code ready}: a share).
   */
  private record Draft(Note note, CleanHtml content, Account author, Tags tags, boolean notifies,
      ReplyGate gate, Post ready) {}

  private final Pool pool;
  private final Uris uris;
  private final StatusStore statuses;
  private final DocumentFetcher fetcher;
  private final RemoteActors remoteActors;
  private final DomainBlocks domainBlocks;
  private final RemoteEmojis emojis;
  private final RemoteQuotes quotes;
  private final Batcher<Draft, Optional<Long>> batcher;

  public RemotePosts(Pool pool, Uris uris, StatusStore statuses, DocumentFetcher fetcher,
      RemoteActors remoteActors, DomainBlocks domainBlocks, RemoteEmojis emojis, RemoteQuotes quotes) {
    this.pool = pool;
    this.uris = uris;
    this.statuses = statuses;
    this.fetcher = fetcher;
    this.remoteActors = remoteActors;
    this.domainBlocks = domainBlocks;
    this.emojis = emojis;
    this.quotes = quotes;
    this.batcher = new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, this::storeAll, this::storeOne);
  }

  /**
   * Stores a Note by {@code author} with all it carries, the mentioned local members notified if
   * {@code notify}; answers the new id, or empty when it was already known (or refused).
   */
  public Future<Optional<Long>> store(Note note, Account author, boolean notify) {
    return store(note, author, notify, null);
  }

  /** The same, a reply kept only if {@code gate} admits it. */
  public Future<Optional<Long>> store(Note note, Account author, boolean notify, ReplyGate gate) {
    return store(note, author, notify, gate, this::fetchQuoted);
  }

  /** The same, the post it quotes had by {@code fetchQuoted} (null: not fetched). */
  private Future<Optional<Long>> store(Note note, Account author, boolean notify, ReplyGate gate,
      RemoteQuotes.QuotedFetch fetchQuoted) {
    // Its emoji first, so that the post is never shown without them.
    return emojis.take(author.domain(), note.emojis())
        .compose(done -> batcher.submit(
            new Draft(note, Html.clean(note.text()), author, tags(note), notify, gate, null)))
        .compose(stored -> stored.isEmpty() ? Future.succeededFuture(stored)
            : quotes.receive(stored.get(), note, author, fetchQuoted).map(stored));
  }

  /** Stores a post made without reading anything (a share) unless its uri is known. */
  public Future<Optional<Long>> store(Post post) {
    return batcher.submit(new Draft(null, null, null, null, false, null, post));
  }

  /**
   * A new version of the remote post {@code status}: its text, a snapshot for its history, what
   * it carries now (new mentions notified), and an {@code update} notification for the local
   * members who shared it, all in one transaction.
   */
  public Future<Void> edit(Status status, Note note, Account author) {
    Draft draft = new Draft(note, Html.clean(note.text()), author, tags(note), true, null, null);
    return emojis.take(author.domain(), note.emojis()).compose(done -> pool.withTransaction(tx ->
        audiences(tx, List.of(draft)).compose(audiences ->
            editInTransaction(tx, status, note, draft.content().html(), author, draft.tags(),
                audiences.get(0)))))
        .compose(done -> quotes.edited(status, note, author, this::fetchQuoted));
  }

  private static Future<Void> editInTransaction(SqlClient tx, Status status, Note note,
      String content, Account author, Tags tags, Audience audience) {
    return StatusEditStore.edit(tx, status.id(), content, null,
            RemoteStatus.summary(note), note.isSensitive(),
            RemoteStatus.language(note), status.to(), status.cc(), OffsetDateTime.now())
        .compose(edited -> edited.isEmpty() ? Future.<Void>succeededFuture()
            : RemotePostStore.update(tx, status, InteractionPolicies.read(note.interactionPolicy(), author),
                    contents(note, author, tags, audience, true, false, false))
                .compose(done -> NotificationStore.insertForRebloggers(tx, status.id(), author.id()))
                .compose(done -> PreviewCards.schedule(tx, edited.get(), true)));
  }

  /** A batch: what its posts need read, then the posts written, in one transaction. */
  private Future<List<Optional<Long>>> storeAll(List<Draft> drafts) {
    return pool.withTransaction(tx -> {
      Future<Map<String, Status>> parents = StatusStore.byUris(tx, parentUris(drafts));
      Future<List<Audience>> audiences = audiences(tx, drafts);
      return Future.all(parents, audiences)
          .compose(read -> posts(tx, drafts, parents.result(), audiences.result()))
          .compose(posts -> insert(tx, posts).compose(ids -> queueCards(tx, drafts, posts, ids)));
    });
  }

  /**
   * Link previews looked for, later, for the new posts that may have one ({@link PreviewCards}):
   * not shares, which have no text of their own ({@code content}).
   */
  private Future<List<Optional<Long>>> queueCards(SqlClient tx, List<Draft> drafts, List<Post> posts,
      List<Optional<Long>> ids) {
    Map<Long, PreviewCards.NewPost> fresh = new LinkedHashMap<>();
    for (int i = 0; i < posts.size(); i++) {
      if (posts.get(i) != null && ids.get(i).isPresent() && drafts.get(i).content() != null) {
        fresh.put(ids.get(i).get(), new PreviewCards.NewPost(posts.get(i).status(), drafts.get(i).content()));
      }
    }
    return PreviewCards.scheduleNew(tx, uris, fresh).map(ids);
  }

  private Future<Optional<Long>> storeOne(Draft draft) {
    return storeAll(List.of(draft)).map(ids -> ids.get(0));
  }

  /**
   * The posts to write, one per draft in order; null for a draft not to store: a direct message
   * that none of its local recipients takes, or a reply its gate refuses.
   */
  private Future<List<Post>> posts(SqlClient tx, List<Draft> drafts, Map<String, Status> parents,
      List<Audience> audiences) {
    List<Post> posts = new ArrayList<>(drafts.size());
    Future<Void> gated = Future.succeededFuture();
    for (int i = 0; i < drafts.size(); i++) {
      Draft draft = drafts.get(i);
      Audience audience = audiences.get(i);
      posts.add(null);
      int at = i;
      if (draft.ready() != null) {
        posts.set(at, draft.ready());
        continue;
      }
      Status parent = draft.note().inReplyToId().map(parents::get).orElse(null);
      Status status = RemoteStatus.of(draft.note(), draft.content().html(), draft.author(),
          parent == null ? null : parent.id());
      if (status.visibility() == Visibility.DIRECT && audience.refusedByAll()) {
        continue;
      }
      Post post = new Post(status, contents(draft.note(), draft.author(), draft.tags(), audience,
          draft.notifies(), true,
          // None at all from a domain whose media the admins reject (as Mastodon, the post keeps
          // its text).
          !domainBlocks.rejectsMedia(draft.author().domain())));
      if (draft.gate() == null || parent == null) {
        posts.set(at, post);
        continue;
      }
      gated = gated.compose(done -> draft.gate().admit(tx, parent)
          .map(admitted -> {
            posts.set(at, admitted ? post : null);
            return null;
          }));
    }
    return gated.map(posts);
  }

  /** Writes the posts (nulls are not written); answers one id per post, empty where none. */
  private static Future<List<Optional<Long>>> insert(SqlClient tx, List<Post> posts) {
    List<Post> written = new ArrayList<>(posts.size());
    posts.stream().filter(Objects::nonNull).forEach(written::add);
    Future<List<Optional<Long>>> ids = written.isEmpty() ? Future.succeededFuture(List.of())
        : RemotePostStore.insert(tx, written);
    return ids.map(stored -> {
      List<Optional<Long>> answers = new ArrayList<>(posts.size());
      Iterator<Optional<Long>> next = stored.iterator();
      posts.forEach(post -> answers.add(post == null ? Optional.empty() : next.next()));
      return answers;
    });
  }

  private static Set<String> parentUris(List<Draft> drafts) {
    Set<String> parents = new HashSet<>();
    drafts.stream().filter(draft -> draft.note() != null)
        .forEach(draft -> draft.note().inReplyToId().ifPresent(parents::add));
    return parents;
  }

  /** Fetches the post at {@code uri} (signed as our instance actor) and stores it. */
  public Future<Optional<Status>> fetch(String uri) {
    return fetch(uri, this::fetchQuoted);
  }

  /** A quoted post, fetched and stored; what it quotes in turn is kept but not fetched. */
  private Future<Optional<Status>> fetchQuoted(String uri) {
    return fetch(uri, null);
  }

  private Future<Optional<Status>> fetch(String uri, RemoteQuotes.QuotedFetch fetchQuoted) {
    return fetcher.fetch(uri).compose(document -> {
      Note note = PeerPost.read(document);
      String actorUri = note == null ? null : authorOf(note);
      if (note == null || !isPost(note) || actorUri == null
          || !Refs.sameOrigin(note.id(), uri) || !Refs.sameOrigin(actorUri, note.id())
          || uris.isLocal(note.id())) {
        return Future.succeededFuture(Optional.<Status>empty());
      }
      return remoteActors.byUri(actorUri)
          .compose(author -> store(note, author, false, null, fetchQuoted))
          .compose(stored -> statuses.byUri(note.id()));
    });
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

  /** The Note's tags, and the local actors it addresses without a Mention tag (silent mentions). */
  private Tags tags(Note note) {
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
    Set<String> addressed = new LinkedHashSet<>();
    addressed.addAll(note.to());
    addressed.addAll(note.cc());
    List<String> silentUris = new ArrayList<>();
    for (String uri : addressed) {
      if (uris.isLocal(uri) && !mentionUris.contains(uri) && silentUris.size() < MAX_MENTIONS) {
        silentUris.add(uri);
      }
    }
    return new Tags(mentionUris, silentUris, hashtags);
  }

  /**
   * Who each draft's Note concerns (none for a ready post), read for the whole batch: the
   * accounts in one statement, the members who refuse their posts in another.
   */
  private Future<List<Audience>> audiences(SqlClient tx, List<Draft> drafts) {
    Set<String> accountUris = new HashSet<>();
    drafts.stream().filter(draft -> draft.note() != null).forEach(draft -> {
      accountUris.addAll(draft.tags().mentionUris());
      accountUris.addAll(draft.tags().silentUris());
    });
    return AccountStore.byUris(tx, accountUris).compose(held -> {
      List<List<Account>> mentioned = new ArrayList<>();
      List<List<Account>> silent = new ArrayList<>();
      List<List<Recipient>> local = new ArrayList<>();
      List<Recipient> recipients = new ArrayList<>();
      for (Draft draft : drafts) {
        mentioned.add(draft.note() == null ? List.of() : held(draft.tags().mentionUris(), held));
        silent.add(draft.note() == null ? List.of() : held(draft.tags().silentUris(), held));
        local.add(localRecipients(draft, mentioned.get(mentioned.size() - 1),
            silent.get(silent.size() - 1)));
        recipients.addAll(local.get(local.size() - 1));
      }
      return MemberPrivacyStore.refusing(tx, recipients).map(refused -> {
        List<Audience> audiences = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
          Set<Long> refusing = new HashSet<>();
          local.get(i).stream().filter(refused::contains).forEach(r -> refusing.add(r.recipientId()));
          audiences.add(new Audience(kept(mentioned.get(i), refusing), kept(silent.get(i), refusing),
              !local.get(i).isEmpty() && refusing.size() == local.get(i).size()));
        }
        return audiences;
      });
    });
  }

  /** The local members a draft's Note concerns, once each, as recipients of its author's post. */
  private static List<Recipient> localRecipients(Draft draft, List<Account> mentioned,
      List<Account> silent) {
    if (draft.note() == null) {
      return List.of();
    }
    Set<Long> local = new LinkedHashSet<>();
    mentioned.stream().filter(Account::isLocal).forEach(account -> local.add(account.id()));
    silent.forEach(account -> local.add(account.id()));
    boolean direct = isDirect(draft.note(), draft.author());
    List<Recipient> recipients = new ArrayList<>(local.size());
    local.forEach(id -> recipients.add(new Recipient(id, draft.author().id(), direct)));
    return recipients;
  }

  /**
   * The accounts we hold with these uris (local members, or remote actors already stored), in
   * order. A local account counts only while it is ours and not closed (as LocalAccounts, which
   * this layer does not reach).
   */
  private List<Account> held(Collection<String> accountUris, Map<String, Account> held) {
    List<Account> found = new ArrayList<>();
    for (String uri : accountUris) {
      Account account = held.get(uri);
      if (account != null && account.deletedAt() == null && (!uris.isLocal(uri) || account.isLocal())) {
        found.add(account);
      }
    }
    return found;
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
