package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.federation.handler.Inbound;
import org.plutro.server.federation.mapper.PollDocuments;
import org.plutro.server.federation.mapper.RemoteMedia;
import org.plutro.server.federation.mapper.RemoteStatus;
import org.plutro.server.service.Html;
import org.plutro.server.service.InteractionPolicies;
import org.plutro.server.service.NotificationService;
import org.plutro.server.service.StatusText;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.RemotePostStore;
import org.plutro.server.store.RemotePostStore.Contents;
import org.plutro.server.store.RemotePostStore.Notice;
import org.plutro.server.store.RemotePostStore.Post;
import org.plutro.server.store.StatusEditStore;

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

  private RemotePosts() {}

  /**
   * Stores a Note by {@code author} with all it carries, the mentioned local members notified if
   * {@code notify}; answers the new id, or empty when it was already known (or refused).
   */
  public static Future<Optional<Long>> store(AppContext app, JsonObject note, Account author,
      boolean notify) {
    Tags tags = tags(note);
    return RemoteStatus.from(app, note, author).compose(status -> audience(app, note, tags, author)
        .compose(audience -> status.visibility() == Visibility.DIRECT && audience.refusedByAll()
            // A direct message that none of its local recipients takes is not stored at all.
            ? Future.succeededFuture(Optional.<Long>empty())
            : app.remotePosts().insert(new Post(status,
                contents(note, author, tags, audience, notify, true,
                    // None at all from a domain whose media the admins reject (as Mastodon, the
                    // post keeps its text).
                    !app.domainBlocks().rejectsMedia(author.domain()))))));
  }

  /**
   * A new version of the remote post {@code status}: its text, a snapshot for its history, what
   * it carries now (new mentions notified), and an {@code update} notification for the local
   * members who shared it, all in one transaction.
   */
  public static Future<Void> edit(AppContext app, Status status, JsonObject note, Account author) {
    Tags tags = tags(note);
    return audience(app, note, tags, author).compose(audience -> app.pool().withTransaction(tx ->
        editInTransaction(tx, status, note, author, tags, audience)));
  }

  private static Future<Void> editInTransaction(SqlClient tx, Status status, JsonObject note,
      Account author, Tags tags, Audience audience) {
    return StatusEditStore.edit(tx, status.id(), Html.sanitize(RemoteStatus.content(note)), null,
            RemoteStatus.summary(note), note.getBoolean("sensitive", false),
            RemoteStatus.language(note), status.to(), status.cc(), OffsetDateTime.now())
        .compose(edited -> edited.isEmpty() ? Future.<Void>succeededFuture()
            : RemotePostStore.update(tx, status, InteractionPolicies.read(note, author),
                    contents(note, author, tags, audience, true, false, false))
                .compose(done -> NotificationService.notifyRebloggers(tx, status.id(), author.id())));
  }

  /** Fetches the post at {@code uri} (signed as our instance actor) and stores it. */
  public static Future<Optional<Status>> fetch(AppContext app, String uri) {
    return app.fetcher().fetch(uri).compose(note -> {
      String id = note.getString("id");
      String actorUri = Inbound.idOf(note.getValue("attributedTo"));
      if (!POST_TYPES.contains(Inbound.typeOf(note)) || id == null || actorUri == null
          || !Inbound.sameOrigin(id, uri) || !Inbound.sameOrigin(actorUri, id)
          || app.uris().isLocal(id)) {
        return Future.succeededFuture(Optional.<Status>empty());
      }
      return app.remoteActors().byUri(actorUri)
          .compose(author -> store(app, note, author, false))
          .compose(stored -> app.statuses().byUri(id));
    });
  }

  private static Tags tags(JsonObject note) {
    Set<String> mentionUris = new LinkedHashSet<>();
    Set<String> hashtags = new LinkedHashSet<>();
    for (Object item : note.getValue("tag") instanceof JsonArray array ? array : new JsonArray()) {
      if (!(item instanceof JsonObject tag)) {
        continue;
      }
      String type = Inbound.typeOf(tag);
      if ("Mention".equals(type) && tag.getValue("href") instanceof String href
          && mentionUris.size() < MAX_MENTIONS) {
        mentionUris.add(href);
      } else if ("Hashtag".equals(type) && tag.getValue("name") instanceof String name
          && hashtags.size() < MAX_HASHTAGS) {
        String normalized = StatusText.normalizeTag(name.strip());
        if (TAG_NAME.matcher(normalized).matches()) {
          hashtags.add(normalized);
        }
      }
    }
    return new Tags(mentionUris, hashtags);
  }

  /** Who the Note concerns; local actors addressed without a Mention tag are silent mentions. */
  private static Future<Audience> audience(AppContext app, JsonObject note, Tags tags,
      Account author) {
    Set<String> addressed = new LinkedHashSet<>();
    addressed.addAll(Inbound.ids(note.getValue("to")));
    addressed.addAll(Inbound.ids(note.getValue("cc")));
    List<String> silentUris = new ArrayList<>();
    for (String uri : addressed) {
      if (app.uris().isLocal(uri) && !tags.mentionUris().contains(uri)
          && silentUris.size() < MAX_MENTIONS) {
        silentUris.add(uri);
      }
    }
    return accounts(app, new ArrayList<>(tags.mentionUris())).compose(all -> accounts(app, silentUris)
        .compose(allSilent -> {
          Set<Long> local = new LinkedHashSet<>();
          all.stream().filter(Account::isLocal).forEach(account -> local.add(account.id()));
          allSilent.forEach(account -> local.add(account.id()));
          return MemberPrivacyStore.refusing(app.pool(), author.id(), local, isDirect(note, author))
              .map(refusing -> new Audience(kept(all, refusing), kept(allSilent, refusing),
                  !local.isEmpty() && refusing.containsAll(local)));
        }));
  }

  /**
   * What a Note carries besides its row; an edit ({@code !fresh}) keeps the attachments, and
   * without {@code media} none are taken.
   */
  private static Contents contents(JsonObject note, Account author, Tags tags, Audience audience,
      boolean notify, boolean fresh, boolean media) {
    List<Notice> notices = new ArrayList<>();
    if (notify) {
      audience.mentioned().stream().filter(Account::isLocal)
          .forEach(account -> notices.add(new Notice(account.id(), NotificationService.MENTION)));
    }
    return new Contents(ids(audience.mentioned()), ids(audience.silent()), tags.hashtags(),
        fresh && media ? RemoteMedia.parse(note) : List.of(),
        "Question".equals(Inbound.typeOf(note)) ? PollDocuments.read(note) : null,
        // Only a direct post or a reply can open or continue a conversation.
        fresh && (note.getValue("inReplyTo") != null || isDirect(note, author)),
        notices);
  }

  /** Members who refuse the post (they block its author, or do not take its messages) are left out. */
  private static List<Account> kept(List<Account> accounts, Set<Long> refusing) {
    List<Account> kept = new ArrayList<>();
    accounts.stream().filter(a -> !refusing.contains(a.id())).forEach(kept::add);
    return kept;
  }

  /** The accounts we hold with these ids (local members, or remote actors already stored). */
  private static Future<List<Account>> accounts(AppContext app, List<String> uris) {
    List<Future<Optional<Account>>> lookups = new ArrayList<>();
    for (String uri : uris) {
      lookups.add(app.uris().isLocal(uri) ? app.localAccount(uri)
          : app.accounts().byUri(uri).map(found -> found.filter(a -> a.deletedAt() == null)));
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
  private static boolean isDirect(JsonObject note, Account author) {
    List<String> to = Inbound.ids(note.getValue("to"));
    List<String> cc = Inbound.ids(note.getValue("cc"));
    return Visibility.fromAddressing(to, cc, author.followersUrl()) == Visibility.DIRECT;
  }
}
