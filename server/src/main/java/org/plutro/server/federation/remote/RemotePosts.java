package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.handler.Inbound;
import org.plutro.server.federation.mapper.RemoteMedia;
import org.plutro.server.federation.mapper.RemoteStatus;
import org.plutro.server.service.InteractionPolicies;
import org.plutro.server.service.NotificationService;
import org.plutro.server.service.PollService;
import org.plutro.server.service.StatusText;
import org.plutro.server.domain.Visibility;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.MentionStore;

/**
 * Remote posts we take in, whether delivered or fetched: the status row, then what its Note
 * carries — mentions (tagged, or local actors only addressed: silent), hashtags — the replies
 * that were waiting for it, and the mention notifications of local members.
 */
public final class RemotePosts {
  public static final Set<String> POST_TYPES = Set.of("Note", "Article", "Page", "Question");
  /** Tags beyond these are ignored: a Note cannot make us store or resolve without bound. */
  static final int MAX_MENTIONS = 50;
  static final int MAX_HASHTAGS = 30;
  private static final Pattern TAG_NAME = Pattern.compile("^[\\p{L}\\p{N}_]{1,100}$");

  private RemotePosts() {}

  /** Stores a Note by {@code author}; answers the new id, or empty when it was already known. */
  public static Future<Optional<Long>> store(AppContext app, JsonObject note, Account author,
      boolean notify) {
    return RemoteStatus.from(app, note, author)
        .compose(status -> status.visibility() != Visibility.DIRECT
            ? app.statuses().insertRemote(status)
            // A direct message that none of its local recipients takes is not stored at all.
            : accounts(app, localRecipients(app, note)).compose(recipients -> MemberPrivacyStore
                .refusing(app.pool(), author.id(), ids(recipients), true)
                .compose(refusing -> !recipients.isEmpty() && refusing.size() == recipients.size()
                    ? Future.succeededFuture(Optional.<Long>empty())
                    : app.statuses().insertRemote(status))))
        // Attachments are linked, not copied; a repeated delivery stores none twice. None at all
        // from a domain whose media the admins reject (as Mastodon, the post keeps its text).
        .compose(id -> id.isEmpty() ? Future.succeededFuture(id)
            : (app.domainBlocks().rejectsMedia(author.domain()) ? Future.<Void>succeededFuture()
                : RemoteMedia.store(app.pool(), author.id(), id.get(), note))
                .compose(done -> afterStore(app, id.get(), note, author, notify, true)).map(id));
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

  /**
   * Mentions, hashtags, waiting replies and notifications of a remote post just stored
   * ({@code fresh}) or edited. Mentions are only ever added; repeated ones notify once.
   */
  public static Future<Void> afterStore(AppContext app, long statusId, JsonObject note,
      Account author, boolean notify, boolean fresh) {
    Set<String> mentionUris = new LinkedHashSet<>();
    Set<String> hashtags = new LinkedHashSet<>();
    for (Object item : note.getValue("tag") instanceof io.vertx.core.json.JsonArray array ? array
        : new io.vertx.core.json.JsonArray()) {
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
    // Local actors addressed without a Mention tag may still see the post (a silent mention).
    Set<String> addressed = new LinkedHashSet<>();
    addressed.addAll(Inbound.ids(note.getValue("to")));
    addressed.addAll(Inbound.ids(note.getValue("cc")));
    List<String> silentUris = new ArrayList<>();
    for (String uri : addressed) {
      if (app.uris().isLocal(uri) && !mentionUris.contains(uri) && silentUris.size() < MAX_MENTIONS) {
        silentUris.add(uri);
      }
    }
    boolean direct = Visibility.fromAddressing(Inbound.ids(note.getValue("to")),
        Inbound.ids(note.getValue("cc")), author.followersUrl()) == Visibility.DIRECT;
    return accounts(app, new ArrayList<>(mentionUris)).compose(all -> accounts(app, silentUris)
        .compose(allSilent -> {
          List<Long> everyone = new ArrayList<>(ids(all));
          everyone.addAll(ids(allSilent));
          return MemberPrivacyStore.refusing(app.pool(), author.id(), everyone, direct)
              .map(refusing -> List.of(kept(all, refusing), kept(allSilent, refusing)));
        }))
        .compose(kept -> {
          List<Account> mentioned = kept.get(0);
          List<Account> silent = kept.get(1);
          return MentionStore.insert(app.pool(), statusId, ids(mentioned), false)
            .compose(done -> MentionStore.insert(app.pool(), statusId, ids(silent), true))
            .compose(done -> fresh && hashtags.isEmpty() ? Future.succeededFuture()
                : app.tags().replace(statusId, hashtags))
            // Only a direct post or a reply can open or continue a conversation.
            .compose(done -> fresh && (note.getValue("inReplyTo") != null || isDirect(note, author))
                ? ConversationStore.record(app.pool(), statusId) : Future.succeededFuture())
            .compose(done -> PollService.storeRemote(app, statusId, author.id(), note))
            .compose(done -> InteractionPolicies.storeRemote(app.pool(), statusId,
                InteractionPolicies.read(note, author), fresh))
            .compose(done -> notify ? notifyMentioned(app, mentioned, author, statusId)
                : Future.succeededFuture());
        });
  }

  /** Local actors a Note is addressed to or mentions. */
  private static List<String> localRecipients(AppContext app, JsonObject note) {
    Set<String> uris = new LinkedHashSet<>();
    uris.addAll(Inbound.ids(note.getValue("to")));
    uris.addAll(Inbound.ids(note.getValue("cc")));
    if (note.getValue("tag") instanceof io.vertx.core.json.JsonArray tags) {
      for (Object item : tags) {
        if (item instanceof JsonObject tag && "Mention".equals(Inbound.typeOf(tag))
            && tag.getValue("href") instanceof String href) {
          uris.add(href);
        }
      }
    }
    List<String> local = new ArrayList<>();
    for (String uri : uris) {
      if (app.uris().isLocal(uri) && local.size() < MAX_MENTIONS) {
        local.add(uri);
      }
    }
    return local;
  }

  /** Members who refuse the post (they block its author, or do not take its messages) are left out. */
  private static List<Account> kept(List<Account> accounts, Set<Long> refusing) {
    List<Account> kept = new ArrayList<>();
    accounts.stream().filter(a -> !refusing.contains(a.id())).forEach(kept::add);
    return kept;
  }

  private static Future<Void> notifyMentioned(AppContext app, List<Account> mentioned,
      Account author, long statusId) {
    Future<Void> chain = Future.succeededFuture();
    for (Account account : mentioned) {
      if (account.isLocal()) {
        chain = chain.compose(done -> app.notifications().notify(account.id(),
            NotificationService.MENTION, author.id(), statusId));
      }
    }
    return chain;
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
