package org.plutro.server.service;

import org.plutro.server.domain.NotificationType;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.text.StatusText;
import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Note;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.federation.mapper.NoteDocument;
import org.plutro.server.federation.remote.PreviewCards;
import org.plutro.server.federation.mapper.EmojiTags;
import org.plutro.server.federation.mapper.QuoteDocuments;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.store.QuoteStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.IdempotencyKeyStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.MentionStore.Mentioned;
import org.plutro.server.store.StatusEditStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.uri.Uris;

/**
 * Publishing, editing and deleting a member's posts. Each change is stored with its mentions and
 * hashtags, notifies the local members it concerns, and is queued for delivery (Create, Update or
 * Delete) to its audience's inboxes, all in one transaction.
 */
public final class StatusService {
  public static final int MAX_CHARACTERS = 500;
  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$");
  private static final int MAX_IDEMPOTENCY_KEY = 255;

  /**
   * What a member asks to publish ({@code inReplyToId} and {@code quotedStatusId} as sent:
   * unreadable ids are unknown); {@code quotePolicy} is who may quote it (public, followers, nobody).
   */
  public record Draft(String text, Visibility visibility, String spoilerText, boolean sensitive,
      String language, String inReplyToId, List<String> mediaIds, String idempotencyKey,
      boolean visibilityChosen, PollService.PollDraft poll, String quotedStatusId, String quotePolicy) {
    public Draft(String text, Visibility visibility, String spoilerText, boolean sensitive,
        String language) {
      this(text, visibility, spoilerText, sensitive, language, null, List.of(), null, true, null);
    }

    /** A draft that quotes nothing, quotable by everyone. */
    public Draft(String text, Visibility visibility, String spoilerText, boolean sensitive,
        String language, String inReplyToId, List<String> mediaIds, String idempotencyKey,
        boolean visibilityChosen, PollService.PollDraft poll) {
      this(text, visibility, spoilerText, sensitive, language, inReplyToId, mediaIds, idempotencyKey,
          visibilityChosen, poll, null, null);
    }

    /** A reply in a direct conversation stays direct unless the member chose a visibility. */
    Visibility visibilityUnder(Status parent) {
      return !visibilityChosen && parent != null && parent.visibility() == Visibility.DIRECT
          ? Visibility.DIRECT : visibility;
    }
  }

  /**
   * What a member changes in a post; null {@code sensitive} or {@code language} keeps the old;
   * {@code descriptions} are new alt texts of the post's files, by attachment id (Mastodon's
   * {@code media_attributes}).
   */
  public record Edit(String text, String spoilerText, Boolean sensitive, String language,
      List<String> mediaIds, Map<Long, String> descriptions) {
    public Edit(String text, String spoilerText, Boolean sensitive, String language, List<String> mediaIds) {
      this(text, spoilerText, sensitive, language, mediaIds, Map.of());
    }
  }

  /** A post on its way into the database: the draft, what it answers, whom it names, and how. */
  private record NewPost(Account author, Draft draft, String text, String spoiler, String key,
      Status parent, Account parentAuthor, List<Account> mentions, Visibility visibility,
      Audience.Addressing addressing, List<String> tags, String html, Status quoted) {}

  /** The stored post, its attachments and its quote (or null), for the transaction's later steps. */
  private record Stored(Status status, List<MediaAttachment> media, QuoteStore.Quote quote) {}

  /** An edit on its way into the database: the post, its new version, and whom it addresses. */
  private record Revision(Account author, Status status, Edit edit, String text, String spoiler,
      boolean sensitive, String language, List<Account> mentioned, List<Account> added,
      List<Account> audience, Audience.Addressing addressing, List<String> tags, String html,
      OffsetDateTime at) {}

  /** Thrown inside the transaction when a concurrent request took the same idempotency key. */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super(null, null, false, false);
    }
  }

  private final Pool pool;
  private final Uris uris;
  private final StatusStore statuses;
  private final AccountStore accounts;
  private final Publisher publisher;
  private final StatusVisibility visibility;
  private final MentionResolver mentionResolver;
  private final IdempotencyKeyStore idempotencyKeys;
  private final QuoteService quotes;

  public StatusService(Pool pool, Uris uris, StatusStore statuses, AccountStore accounts,
      Publisher publisher, StatusVisibility visibility, MentionResolver mentionResolver,
      QuoteService quotes) {
    this.quotes = quotes;
    this.pool = pool;
    this.uris = uris;
    this.statuses = statuses;
    this.accounts = accounts;
    this.publisher = publisher;
    this.visibility = visibility;
    this.mentionResolver = mentionResolver;
    this.idempotencyKeys = new IdempotencyKeyStore(pool);
  }

  /**
   * What a draft's own fields allow (text, length, media ids, poll), checked before anything is
   * read or stored: a post scheduled for later is checked now, not when nobody can be told.
   */
  public static void check(Draft draft) {
    boolean withMedia = !MediaService.parseIds(draft.mediaIds()).isEmpty();
    ValidationErrors errors = validate(strip(draft.text()), strip(draft.spoilerText()), withMedia);
    if (draft.poll() != null) {
      PollService.validate(draft.poll(), withMedia, errors);
    }
    errors.throwIfAny();
    QuoteService.policy(draft.quotePolicy());
  }

  public Future<Status> post(Account author, Draft draft) {
    String text = strip(draft.text());
    String spoiler = strip(draft.spoilerText());
    try {
      check(draft);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    String key = draft.idempotencyKey() == null || draft.idempotencyKey().isBlank() ? null
        : draft.idempotencyKey().strip();
    if (key != null && key.length() > MAX_IDEMPOTENCY_KEY) {
      key = key.substring(0, MAX_IDEMPOTENCY_KEY);
    }
    String idempotencyKey = key;
    Future<Optional<Status>> earlier = key == null ? Future.succeededFuture(Optional.empty())
        : publishedWithKey(author, key);
    return earlier.compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
        : create(author, draft, text, spoiler, idempotencyKey));
  }

  /** Fails as posting would when {@code author} may not quote {@code quotedStatusId} (null: none). */
  public Future<Void> quotable(Account author, String quotedStatusId) {
    return quotes.target(author, quotedStatusId).mapEmpty();
  }

  private Future<Status> create(Account author, Draft draft, String text, String spoiler,
      String key) {
    return replyTarget(author, draft.inReplyToId())
        .compose(parent -> quotes.target(author, draft.quotedStatusId())
            .compose(quoted -> resolveMentions(author, draft, text, spoiler, key, parent, quoted)))
        .compose(post -> MessagePolicy.check(pool, author, post.mentions(), post.visibility()).map(post))
        .compose(post -> pool.withTransaction(tx -> insertInTransaction(tx, post)))
        // A concurrent request with the same key published first: answer its post.
        .recover(failure -> failure instanceof KeyTaken
            ? publishedWithKey(author, key).map(Optional::orElseThrow)
            : Future.failedFuture(failure));
  }

  /** The post replied to (null for none), once its interaction policy lets the author reply. */
  private Future<Status> replyTarget(Account author, String inReplyToId) {
    return parent(author, inReplyToId).compose(parent -> parent == null ? Future.succeededFuture(parent)
        : InteractionPolicies.reply(pool, parent, author.id()).compose(verdict -> verdict.allowed()
            ? Future.succeededFuture(parent) : Future.failedFuture(InteractionPolicies.refusal(true))));
  }

  /** The parent's author and the accounts the text mentions; the post addressed to them. */
  private Future<NewPost> resolveMentions(Account author, Draft draft, String text, String spoiler,
      String key, Status parent, Status quoted) {
    return parentAuthor(parent).compose(parentAuthor -> mentionResolver.resolve(StatusText.mentions(text))
        .map(mentioned -> {
          List<Account> mentions = distinct(mentioned.values());
          Visibility chosen = draft.visibilityUnder(parent);
          return new NewPost(author, draft, text, spoiler, key, parent, parentAuthor, mentions, chosen,
              Audience.addressing(chosen, author, mentions), StatusText.hashtags(text),
              StatusText.render(text, mentioned, uris.tagsBase()), quoted);
        }));
  }

  /** One transaction: the post and all it carries, then its Create queued for its audience. */
  private Future<Status> insertInTransaction(SqlClient tx, NewPost post) {
    return insertStatus(tx, post)
        .compose(status -> attachMedia(tx, post, status))
        .compose(stored -> recordMentionsAndTags(tx, post, stored))
        .compose(stored -> claimIdempotencyKey(tx, post, stored))
        .compose(stored -> notifyAndThread(tx, post, stored))
        .compose(stored -> publishCreate(tx, post, stored))
        .compose(status -> PreviewCards.schedule(tx, status, false).map(status));
  }

  private Future<Status> insertStatus(SqlClient tx, NewPost post) {
    Account author = post.author();
    Status parent = post.parent();
    return StatusStore.insertLocal(tx, author.uri(), author.url(), author.id(),
        parent == null ? null : parent.id(), parent == null ? null : parent.uri(), post.html(),
        post.text(), post.spoiler(),
        post.draft().sensitive() || !post.spoiler().isEmpty() || author.sensitizedAt() != null,
        post.draft().language(), post.visibility(), post.addressing().to(), post.addressing().cc());
  }

  private static Future<Stored> attachMedia(SqlClient tx, NewPost post, Status status) {
    Who quotePolicy = QuoteService.policy(post.draft().quotePolicy());
    Status withPolicy = new Status(status.id(), status.uri(), status.url(), status.accountId(),
        status.local(), status.inReplyToId(), status.inReplyToUri(), status.content(),
        status.sourceText(), status.spoilerText(), status.sensitive(), status.language(),
        status.visibility(), status.to(), status.cc(), status.reblogOfId(), status.createdAt(),
        status.editedAt(), status.deletedAt(), status.policy().withQuotes(quotePolicy));
    return QuoteService.record(tx, withPolicy, post.author(), post.quoted(), quotePolicy)
        .compose(quote -> MediaService.attach(tx, post.author().id(), post.draft().mediaIds(), status.id())
            .map(media -> new Stored(withPolicy, media, quote)));
  }

  private static Future<Stored> recordMentionsAndTags(SqlClient tx, NewPost post, Stored stored) {
    long id = stored.status().id();
    return MentionStore.insert(tx, id, ids(post.mentions()), false)
        .compose(done -> TagStore.replace(tx, id, post.tags()))
        .map(stored);
  }

  /** Fails with {@link KeyTaken} when a concurrent request claimed the same key first. */
  private static Future<Stored> claimIdempotencyKey(SqlClient tx, NewPost post, Stored stored) {
    if (post.key() == null) {
      return Future.succeededFuture(stored);
    }
    return IdempotencyKeyStore.claim(tx, post.author().id(), post.key(), stored.status().id())
        .compose(claimed -> claimed ? Future.succeededFuture(stored) : Future.failedFuture(new KeyTaken()));
  }

  /** Notifies the local members mentioned, and files the post in its conversation. */
  private static Future<Stored> notifyAndThread(SqlClient tx, NewPost post, Stored stored) {
    long id = stored.status().id();
    return notifyMentioned(tx, post.mentions(), post.author(), id)
        .compose(done -> ConversationStore.record(tx, id))
        .map(stored);
  }

  /** Creates the poll, if any, and queues Create(Note or Question) for the post's audience. */
  private Future<Status> publishCreate(SqlClient tx, NewPost post, Stored stored) {
    Status status = stored.status();
    Account author = post.author();
    return Audience.inboxes(tx, status, author, post.mentions(), post.parentAuthor(), false)
        .compose(inboxes -> PollService.create(tx, status, author, post.draft().poll())
            .compose(poll -> {
              Note note = QuoteDocuments.withQuote(NoteDocument.of(status, author, post.mentions(),
                  post.tags(), stored.media(), uris), stored.quote());
              return EmojiTags.add(tx, poll.isEmpty() ? note : NoteDocument.question(note, poll.get()), uris)
                  .compose(published -> publisher.publish(tx, author.id(),
                          Activities.create(status, author, published), inboxes)
                      .compose(done -> quotes.request(tx, author, stored.quote(), published)));
            }))
        .map(status);
  }

  /** Changes a post's text, warning, sensitivity or language; peers get Update(Note). */
  public Future<Status> edit(Account author, long statusId, Edit edit) {
    String text = strip(edit.text());
    String spoiler = strip(edit.spoilerText());
    boolean withMedia;
    try {
      withMedia = !MediaService.parseIds(edit.mediaIds()).isEmpty();
      MediaService.checkDescriptions(edit.descriptions());
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    return own(author, statusId)
        .compose(status -> {
          ValidationErrors errors = validate(text, spoiler, withMedia);
          return errors.isEmpty() ? Future.succeededFuture(status)
              : Future.<Status>failedFuture(errors.toException());
        })
        .compose(status -> resolveRevision(author, status, edit, text, spoiler))
        .compose(revision -> pool.withTransaction(tx -> editInTransaction(tx, revision)));
  }

  /** Who the post mentioned before and who its new text mentions; the revision addressed to all. */
  private Future<Revision> resolveRevision(Account author, Status status, Edit edit, String text,
      String spoiler) {
    return MentionStore.of(pool, List.of(status.id())).compose(earlier -> mentionResolver
        .resolve(StatusText.mentions(text))
        .map(mentioned -> revision(author, status, edit, text, spoiler,
            earlier.getOrDefault(status.id(), List.of()), mentioned)));
  }

  private Revision revision(Account author, Status status, Edit edit, String text, String spoiler,
      List<Mentioned> earlier, Map<StatusText.MentionRef, Account> mentioned) {
    boolean sensitive = (edit.sensitive() != null ? edit.sensitive() : status.sensitive())
        || !spoiler.isEmpty();
    String language = edit.language() != null && validLanguage(edit.language())
        ? edit.language() : status.language();
    List<Account> now = distinct(mentioned.values());
    // Who was addressed stays addressed: an edit never takes a post away from anyone.
    Map<Long, Account> everyone = new LinkedHashMap<>();
    earlier.forEach(m -> everyone.put(m.account().id(), m.account()));
    List<Account> added = new ArrayList<>();
    for (Account account : now) {
      if (everyone.putIfAbsent(account.id(), account) == null) {
        added.add(account);
      }
    }
    List<Account> audience = new ArrayList<>(everyone.values());
    return new Revision(author, status, edit, text, spoiler, sensitive, language, now, added, audience,
        Audience.addressing(status.visibility(), author, audience), StatusText.hashtags(text),
        StatusText.render(text, mentioned, uris.tagsBase()),
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
  }

  /** One transaction: the new version and its media, mentions and tags, then Update queued. */
  private Future<Status> editInTransaction(SqlClient tx, Revision revision) {
    return storeEdit(tx, revision)
        .compose(edited -> replaceMedia(tx, revision, edited))
        .compose(stored -> recordAddedMentionsAndTags(tx, revision, stored))
        .compose(stored -> notifyOfEdit(tx, revision, stored))
        .compose(stored -> publishUpdate(tx, revision, stored))
        .compose(edited -> PreviewCards.schedule(tx, edited, true).map(edited));
  }

  private static Future<Status> storeEdit(SqlClient tx, Revision r) {
    return StatusEditStore.edit(tx, r.status().id(), r.html(), r.text(), r.spoiler(), r.sensitive(),
            r.language(), r.addressing().to(), r.addressing().cc(), r.at())
        .compose(edited -> edited.isEmpty()
            ? Future.<Status>failedFuture(ServiceException.notFound("Record not found"))
            : Future.succeededFuture(edited.get()));
  }

  /** As in Mastodon, the edit's media_ids are the post's attachments from now on. */
  private static Future<Stored> replaceMedia(SqlClient tx, Revision r, Status edited) {
    return MediaService.replace(tx, r.author().id(), r.edit().mediaIds(), r.status().id())
        .compose(media -> MediaService.describe(tx, r.status().id(), media, r.edit().descriptions()))
        .map(media -> new Stored(edited, media, null));
  }

  private static Future<Stored> recordAddedMentionsAndTags(SqlClient tx, Revision r, Stored stored) {
    return MentionStore.insert(tx, r.status().id(), ids(r.added()), false)
        .compose(done -> TagStore.replace(tx, r.status().id(), r.tags()))
        .map(stored);
  }

  /** Notifies the members newly mentioned, and those who shared the post, of the edit. */
  private static Future<Stored> notifyOfEdit(SqlClient tx, Revision r, Stored stored) {
    return notifyMentioned(tx, r.added(), r.author(), r.status().id())
        .compose(done -> NotificationService.notifyRebloggers(tx, r.status().id(), r.author().id()))
        .map(stored);
  }

  /** Queues Update(Note) for everyone the post was ever addressed to. */
  private Future<Status> publishUpdate(SqlClient tx, Revision r, Stored stored) {
    Status edited = stored.status();
    Account author = r.author();
    // The edit keeps the post's quote (a Note without it would drop the quote at peers).
    return QuoteStore.byStatus(tx, edited.id()).compose(quote -> Audience.inboxes(tx, edited, author,
            r.audience(), null, true)
        .compose(inboxes -> EmojiTags.add(tx, QuoteDocuments.withQuote(NoteDocument.of(edited, author,
                r.mentioned(), r.tags(), stored.media(), uris), quote.orElse(null)), uris)
            .compose(note -> publisher.publish(tx, author.id(), NoteDocument.update(edited, author, note),
                inboxes))))
        .map(edited);
  }

  /** Tombstones the post; its URL answers 410 from now on and its audience is told. */
  public Future<Status> delete(Account author, long statusId) {
    return own(author, statusId).compose(status -> MentionStore.of(pool, List.of(status.id()))
        .map(mentions -> mentions.getOrDefault(status.id(), List.of()))
        .compose(mentions -> pool.withTransaction(tx -> deleteInTransaction(tx, author, status, mentions))));
  }

  /** One transaction: the tombstone, then Delete queued for everyone the post was addressed to. */
  private Future<Status> deleteInTransaction(SqlClient tx, Account author, Status status,
      List<Mentioned> mentions) {
    return StatusStore.tombstone(tx, status.id())
        .compose(done -> Audience.inboxes(tx, status, author, NoteDocument.typedAndSilent(mentions),
            null, true))
        .compose(inboxes -> publisher.publish(tx, author.id(), Activities.delete(status, author),
            inboxes))
        .map(status);
  }

  /** The author's own live post (not a share), or 404. */
  private Future<Status> own(Account author, long statusId) {
    return statuses.byId(statusId).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || found.get().accountId() != author.id()
          || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return Future.succeededFuture(found.get());
    });
  }

  /** The post replied to: it must exist and the author must be allowed to see it (else 404). */
  private Future<Status> parent(Account author, String inReplyToId) {
    if (inReplyToId == null || inReplyToId.isBlank()) {
      return Future.succeededFuture(null);
    }
    long id;
    try {
      id = Long.parseLong(inReplyToId.strip());
    } catch (NumberFormatException e) {
      return Future.failedFuture(ServiceException.notFound("Record not found"));
    }
    return statuses.byId(id).compose(found -> {
      if (found.isEmpty() || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return visibility.maySee(Optional.of(author), found.get()).compose(visible -> visible
          ? Future.succeededFuture(found.get())
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }

  private Future<Account> parentAuthor(Status parent) {
    if (parent == null) {
      return Future.succeededFuture(null);
    }
    return accounts.byId(parent.accountId()).map(found -> found.orElse(null));
  }

  /** The post published lately with this idempotency key, if any. */
  private Future<Optional<Status>> publishedWithKey(Account author, String key) {
    return idempotencyKeys.fresh(author.id(), key).compose(this::statusOf);
  }

  private Future<Optional<Status>> statusOf(Optional<Long> id) {
    return id.isEmpty() ? Future.succeededFuture(Optional.empty()) : statuses.byId(id.get());
  }

  private static Future<Void> notifyMentioned(SqlClient tx, List<Account> mentioned, Account author,
      long statusId) {
    Future<Void> chain = Future.succeededFuture();
    for (Account account : mentioned) {
      if (account.isLocal()) {
        chain = chain.compose(done -> NotificationService.notify(tx, account.id(),
            NotificationType.MENTION, author.id(), statusId));
      }
    }
    return chain;
  }

  /** As in Mastodon, a post with attachments may have no text. */
  static ValidationErrors validate(String text, String spoiler, boolean withMedia) {
    ValidationErrors errors = new ValidationErrors();
    if (text.isEmpty() && !withMedia) {
      errors.add("text", "ERR_BLANK", "can't be blank");
    } else if (StatusText.weightedLength(text) + spoiler.codePointCount(0, spoiler.length())
        > MAX_CHARACTERS) {
      errors.add("text", "ERR_TOO_LONG", "character limit of " + MAX_CHARACTERS + " exceeded");
    }
    return errors;
  }

  /** Mastodon falls back to another language when the one sent is not a language code. */
  public static boolean validLanguage(String language) {
    return language != null && LANGUAGE.matcher(language).matches();
  }

  private static String strip(String value) {
    return value == null ? "" : value.strip();
  }

  private static List<Account> distinct(Collection<Account> accounts) {
    Map<Long, Account> byId = new LinkedHashMap<>();
    accounts.forEach(account -> byId.putIfAbsent(account.id(), account));
    return new ArrayList<>(byId.values());
  }

  private static List<Long> ids(List<Account> accounts) {
    List<Long> ids = new ArrayList<>();
    accounts.forEach(account -> ids.add(account.id()));
    return ids;
  }

  /** The post's Note as peers see it now, with its tags (for the object endpoint). */
  public Future<Note> note(Status status, Account author) {
    return NoteDocument.load(pool, status, author, uris);
  }
}
