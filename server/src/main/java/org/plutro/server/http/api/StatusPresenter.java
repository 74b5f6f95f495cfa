package org.plutro.server.http.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.AccountCounts;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.media.CardImages;
import org.plutro.server.store.CountStore.StatusCounts;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.PollStore.Poll;
import org.plutro.server.store.StatusViewStore;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.QuoteStore.Shown;
import org.plutro.server.store.StatusViewStore.Stamp;
import org.plutro.server.store.StatusViewStore.Stamps;
import org.plutro.server.store.StatusViewStore.StatusContent;
import org.plutro.server.store.StatusViewStore.AccountContent;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.uri.Uris;

/**
 * Mastodon {@code Status} entities for a page of statuses, written as JSON text. Each status's
 * and each author's entity is rendered once per version of its row and kept (see
 * {@link StatusViewStore}); what changes with every interaction or differs per viewer (counters,
 * favourited, reblogged, bookmarked, pinned, the poll, the custom emoji) is written for each page
 * after it. A page costs one query when everything on it was shown before (one more when its texts
 * name custom emoji, whose images change without the rows that name them), and one more per kind
 * of row that changed since.
 */
public final class StatusPresenter {
  /** What members read at once: a status's kept entity is about 1 KB, an account's under 1 KB. */
  static final int KEPT_STATUSES = 20_000;
  static final int KEPT_ACCOUNTS = 10_000;
  // Left out of the kept entities and written per page. Emoji too: a remote one's image (its
  // address versioned by our copy) changes without the rows of the posts that show it.
  private static final List<String> LIVE_STATUS_KEYS = List.of("account", "reblog", "poll", "emojis",
      "reblogs_count", "favourites_count", "replies_count", "favourited", "reblogged", "muted",
      "bookmarked", "pinned", "sensitive", "filtered", "quote", "quotes_count", "quote_approval");
  private static final List<String> LIVE_ACCOUNT_KEYS = List.of("last_status_at", "statuses_count",
      "followers_count", "following_count", "emojis");
  private static final AccountCounts NO_ACCOUNT_COUNTS = new AccountCounts(0, 0, 0, null, 0);
  private static final StatusCounts NO_STATUS_COUNTS = new StatusCounts(0, 0, 0);

  /** An entity's JSON without its live keys and closing brace, true while its row is at {@code version}. */
  private record KeptStatus(long version, byte[] head, boolean sensitive, boolean hasPoll, Who quotes,
      Set<String> emojiCodes) {}

  private record KeptAccount(long version, byte[] head, boolean sensitized, Set<String> emojiCodes) {}

  /** The polls on a page and the viewer's choices in them. */
  private record PagePolls(Map<Long, Poll> byStatus, Map<Long, List<Integer>> voted) {}

  /**
   * The quotes on a page as the viewer sees them, and the quoted posts rendered (by id); a quoted
   * post's own quote is shown shallow (its state and id), as Mastodon's.
   */
  private record PageQuotes(Map<Long, Shown> shown, Map<Long, String> quoted, boolean shallow) {}

  /** A page as a JSON array; when the viewer has filters, the caller applies them. */
  public record Rendered(Buffer json, boolean viewerHasFilters) {
    public JsonArray toJsonArray() {
      return new JsonArray(json);
    }
  }

  private final StatusViewStore views;
  private final MediaStore media;
  private final PollStore polls;
  private final EmojiEntities emojis;
  private final Uris uris;
  private final CardImages cardImages;
  // Shared by the event loops; evictions run on the thread that writes, not the common pool.
  private final Cache<Long, KeptStatus> keptStatuses = Caffeine.newBuilder()
      .maximumSize(KEPT_STATUSES).executor(Runnable::run).build();
  private final Cache<Long, KeptAccount> keptAccounts = Caffeine.newBuilder()
      .maximumSize(KEPT_ACCOUNTS).executor(Runnable::run).build();

  public StatusPresenter(StatusViewStore views, MediaStore media, PollStore polls,
      EmojiEntities emojis, Uris uris, CardImages cardImages) {
    this.views = views;
    this.media = media;
    this.polls = polls;
    this.emojis = emojis;
    this.uris = uris;
    this.cardImages = cardImages;
  }

  public Future<JsonArray> statuses(List<Status> statuses, Long viewerId) {
    List<Long> ids = new ArrayList<>(statuses.size());
    statuses.forEach(status -> ids.add(status.id()));
    return byIds(ids, viewerId);
  }

  /** Entities in the order of {@code ids}; ids that name nothing (deleted meanwhile) are left out. */
  public Future<JsonArray> byIds(List<Long> ids, Long viewerId) {
    return render(ids, viewerId).map(Rendered::toJsonArray);
  }

  public Future<JsonObject> status(Status status, Long viewerId) {
    return byIds(List.of(status.id()), viewerId).map(array -> array.getJsonObject(0));
  }

  /**
   * The status as the viewer sees it, as JSON text; empty when the viewer may not see it, it is
   * gone, or it shares a post gone since.
   */
  public Future<Optional<Buffer>> visible(long id, Long viewerId) {
    return views.visibleStamps(id, viewerId).compose(stamps -> render(stamps, viewerId))
        .map(page -> page.json().length() <= 2 ? Optional.<Buffer>empty()
            : Optional.of(page.json().slice(1, page.json().length() - 1)));
  }

  /** {@link #byIds} as JSON text, for pages answered as they are. */
  public Future<Rendered> render(List<Long> ids, Long viewerId) {
    return views.stamps(ids, viewerId).compose(stamps -> render(stamps, viewerId));
  }

  /** The page whose stamps were read with it (see {@link StatusViewStore#stamped}). */
  public Future<Rendered> render(Stamps stamps, Long viewerId) {
    return render(stamps, viewerId, false);
  }

  private Future<Rendered> render(Stamps stamps, Long viewerId, boolean shallow) {
    if (stamps.pageIds().isEmpty()) {
      return Future.succeededFuture(new Rendered(Buffer.buffer("[]"), stamps.viewerHasFilters()));
    }
    return prepare(stamps, viewerId, shallow)
        .map(page -> new Rendered(write(stamps, page, viewerId), stamps.viewerHasFilters()));
  }

  /** A page's kept entities (rendering those of rows changed since) and what it shows live. */
  private record Prepared(Map<Long, KeptStatus> statuses, Map<Long, KeptAccount> accounts, PageLive live) {}

  private Future<Prepared> prepare(Stamps stamps, Long viewerId, boolean shallow) {
    Map<Long, KeptStatus> statuses = new HashMap<>();
    Map<Long, KeptAccount> accounts = new HashMap<>();
    List<Long> staleStatuses = new ArrayList<>();
    Set<Long> staleAccounts = new LinkedHashSet<>();
    for (Stamp stamp : stamps.byId().values()) {
      KeptStatus status = keptStatuses.getIfPresent(stamp.id());
      if (status != null && status.version() == stamp.version()) {
        statuses.put(stamp.id(), status);
      } else {
        staleStatuses.add(stamp.id());
      }
      KeptAccount account = keptAccounts.getIfPresent(stamp.accountId());
      if (account != null && account.version() == stamp.accountVersion()) {
        accounts.put(stamp.accountId(), account);
      } else {
        staleAccounts.add(stamp.accountId());
      }
    }
    Future<PagePolls> pagePolls = Future.all(renderStatuses(staleStatuses, statuses),
            renderAccounts(staleAccounts, accounts))
        .compose(rendered -> polls(statuses, viewerId));
    Future<PageQuotes> pageQuotes = pagePolls.compose(read -> quotes(stamps, viewerId, shallow));
    Future<EmojiEntities.Named> named = pagePolls.compose(read -> emojis.named(
        emojiCodes(stamps, statuses, accounts)));
    return Future.all(pageQuotes, named).map(read -> new Prepared(statuses, accounts,
        new PageLive(pagePolls.result(), pageQuotes.result(), named.result())));
  }

  /** What a page's entities show that is read for each page: polls, quotes, emoji. */
  private record PageLive(PagePolls polls, PageQuotes quotes, EmojiEntities.Named emojis) {}

  /** The shortcodes the page's posts and authors name, by author. */
  private static Map<Long, Set<String>> emojiCodes(Stamps stamps, Map<Long, KeptStatus> statuses,
      Map<Long, KeptAccount> accounts) {
    Map<Long, Set<String>> byAuthor = new HashMap<>();
    stamps.byId().values().forEach(stamp -> {
      KeptStatus status = statuses.get(stamp.id());
      if (status != null && !status.emojiCodes().isEmpty()) {
        byAuthor.computeIfAbsent(stamp.accountId(), k -> new java.util.HashSet<>())
            .addAll(status.emojiCodes());
      }
    });
    accounts.forEach((id, account) -> {
      if (!account.emojiCodes().isEmpty()) {
        byAuthor.computeIfAbsent(id, k -> new java.util.HashSet<>()).addAll(account.emojiCodes());
      }
    });
    return byAuthor;
  }

  /** The page's quotes, and (unless shown shallow) the quoted posts the viewer may see, rendered. */
  private Future<PageQuotes> quotes(Stamps stamps, Long viewerId, boolean shallow) {
    Map<Long, Shown> shown = new HashMap<>();
    List<Long> quotedIds = new ArrayList<>();
    stamps.byId().forEach((id, stamp) -> {
      shown.put(id, stamp.quote());
      if (!shallow && "accepted".equals(stamp.quote().state()) && stamp.quote().quotedVisible()) {
        quotedIds.add(stamp.quote().quotedStatusId());
      }
    });
    if (quotedIds.isEmpty()) {
      return Future.succeededFuture(new PageQuotes(shown, Map.of(), shallow));
    }
    // The quoted posts' stamps came with the page's; each is written on its own, to go into the
    // entities that quote it.
    Stamps quoted = new Stamps(quotedIds, stamps.quoted(), stamps.viewerHasFilters(), Map.of());
    return prepare(quoted, viewerId, true).map(page -> {
      Map<Long, String> byId = new HashMap<>();
      for (long id : quotedIds) {
        Stamp stamp = quoted.byId().get(id);
        if (shows(quoted, stamp, page)) {
          Buffer entity = Buffer.buffer(2048);
          writeStatus(entity, stamp, quoted.byId().get(stamp.reblogOfId()), page, viewerId);
          byId.put(id, entity.toString());
        }
      }
      return new PageQuotes(shown, byId, shallow);
    });
  }

  /** Renders and keeps the entities of these statuses, adding them to {@code into}. */
  private Future<Void> renderStatuses(List<Long> ids, Map<Long, KeptStatus> into) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Map<Long, StatusContent>> contents = views.contents(ids);
    Future<List<MediaAttachment>> attachments = media.byStatuses(ids);
    return Future.all(contents, attachments).map(loaded -> {
      Map<Long, List<MediaAttachment>> attached = new HashMap<>();
      attachments.result().forEach(m -> attached.computeIfAbsent(m.statusId(), k -> new ArrayList<>()).add(m));
      contents.result().forEach((id, content) -> {
        Status status = content.status();
        JsonObject entity = StatusEntity.of(status, null, NO_STATUS_COUNTS, content.inReplyToAccountId(), null)
            .put("mentions", content.mentions())
            .put("tags", tags(content.tags()))
            .put("media_attachments", MediaEntity.of(attached.getOrDefault(id, List.of()), uris))
            .put("card", content.card() == null ? null : PreviewCardEntity.of(content.card(), cardImages));
        KeptStatus kept = new KeptStatus(content.version(), head(entity, LIVE_STATUS_KEYS),
            status.sensitive(), content.hasPoll(), InteractionPolicies.quotes(status),
            EmojiCodes.in(status.content(), status.spoilerText()));
        keptStatuses.put(id, kept);
        into.put(id, kept);
      });
      return null;
    });
  }

  private Future<Void> renderAccounts(Set<Long> ids, Map<Long, KeptAccount> into) {
    return views.accounts(ids).map(contents -> {
      contents.forEach((id, content) -> {
        Account account = content.account();
        JsonObject entity = AccountEntity.of(account, NO_ACCOUNT_COUNTS, uris);
        // A suspended account shows nothing of itself (see AccountEntity).
        KeptAccount kept = new KeptAccount(content.version(), head(entity, LIVE_ACCOUNT_KEYS),
            account.sensitizedAt() != null,
            account.suspended() ? Set.of() : EmojiCodes.inProfile(account));
        keptAccounts.put(id, kept);
        into.put(id, kept);
      });
      return null;
    });
  }

  private static byte[] head(JsonObject entity, List<String> liveKeys) {
    liveKeys.forEach(entity::remove);
    String json = entity.encode();
    return json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
  }

  private Future<PagePolls> polls(Map<Long, KeptStatus> statuses, Long viewerId) {
    List<Long> withPolls = new ArrayList<>();
    statuses.forEach((id, status) -> {
      if (status.hasPoll()) {
        withPolls.add(id);
      }
    });
    if (withPolls.isEmpty()) {
      return Future.succeededFuture(new PagePolls(Map.of(), Map.of()));
    }
    return polls.byStatuses(withPolls).compose(byStatus -> viewerId == null
        ? Future.succeededFuture(new PagePolls(byStatus, Map.of()))
        : polls.ownVotes(viewerId, byStatus.values().stream().map(Poll::id).toList())
            .map(voted -> new PagePolls(byStatus, voted)));
  }

  private static Buffer write(Stamps stamps, Prepared page, Long viewerId) {
    Buffer out = Buffer.buffer(stamps.pageIds().size() * 2048);
    out.appendByte((byte) '[');
    boolean first = true;
    for (long id : stamps.pageIds()) {
      Stamp stamp = stamps.byId().get(id);
      if (!shows(stamps, stamp, page)) {
        continue;
      }
      if (!first) {
        out.appendByte((byte) ',');
      }
      first = false;
      writeStatus(out, stamp, stamp.reblogOfId() == null ? null : stamps.byId().get(stamp.reblogOfId()),
          page, viewerId);
    }
    return out.appendByte((byte) ']');
  }

  /** Whether the status shows: it was rendered, and it shares no post gone since (as in Mastodon). */
  private static boolean shows(Stamps stamps, Stamp stamp, Prepared page) {
    if (stamp == null || !rendered(stamp, page)) {
      return false;
    }
    Stamp original = stamp.reblogOfId() == null ? null : stamps.byId().get(stamp.reblogOfId());
    return stamp.reblogOfId() == null || original != null && !original.deleted() && rendered(original, page);
  }

  /** Whether the status's and its author's rows were there to render (not deleted between queries). */
  private static boolean rendered(Stamp stamp, Prepared page) {
    return page.statuses().containsKey(stamp.id()) && page.accounts().containsKey(stamp.accountId());
  }

  private static void writeStatus(Buffer out, Stamp stamp, Stamp original, Prepared page, Long viewerId) {
    Map<Long, KeptStatus> statuses = page.statuses();
    Map<Long, KeptAccount> accounts = page.accounts();
    PageLive live = page.live();
    KeptStatus status = statuses.get(stamp.id());
    KeptAccount author = accounts.get(stamp.accountId());
    PagePolls pagePolls = live.polls();
    PageQuotes quotes = live.quotes();
    out.appendBytes(status.head())
        .appendString(",\"emojis\":" + encoded(live.emojis().of(stamp.accountId(), status.emojiCodes())))
        .appendString(",\"account\":");
    writeAccount(out, author, stamp.accountId(), stamp.accountCounts(), live.emojis());
    out.appendString(",\"reblog\":");
    if (original == null) {
      out.appendString("null");
    } else {
      writeStatus(out, original, null, page, viewerId);
    }
    Poll poll = pagePolls.byStatus().get(stamp.id());
    out.appendString(",\"poll\":").appendString(poll == null ? "null" : PollEntity.of(poll,
        viewerId == null ? null : pagePolls.voted().getOrDefault(poll.id(), List.of()),
        viewerId != null && poll.accountId() == viewerId).encode());
    // As Mastodon: a sensitized account's posts, even older ones, show as sensitive to everyone but itself.
    boolean sensitive = status.sensitive()
        || author.sensitized() && !Long.valueOf(stamp.accountId()).equals(viewerId);
    StatusCounts counts = stamp.counts();
    out.appendString(",\"reblogs_count\":" + counts.reblogs() + ",\"favourites_count\":" + counts.favourites()
        + ",\"replies_count\":" + counts.replies() + ",\"favourited\":" + stamp.favourited()
        + ",\"reblogged\":" + stamp.reblogged() + ",\"muted\":false,\"bookmarked\":" + stamp.bookmarked()
        + ",\"pinned\":" + stamp.pinned() + ",\"sensitive\":" + sensitive + ",\"filtered\":[]");
    Shown quote = quotes.shown().get(stamp.id());
    out.appendString(",\"quote\":").appendString(quote(quote, quotes))
        .appendString(",\"quotes_count\":" + (quote == null ? 0 : quote.quotesCount()))
        .appendString(",\"quote_approval\":").appendString(QuoteApprovals.encoded(status.quotes(),
            stamp.accountId(), viewerId, quote != null && quote.viewerFollows()))
        .appendString("}");
  }

  /**
   * Mastodon's {@code Quote} (or, inside a quoted post, {@code ShallowQuote}): an accepted quote
   * of a post the viewer may not see is {@code unauthorized}, of one gone {@code deleted}; of one
   * whose author (or domain) the viewer blocks or mutes, that reason ({@code blocked_account},
   * {@code blocked_domain}, {@code muted_account}) with the quoted post, which clients hide behind
   * it, as Mastodon 4.5's {@code BaseQuoteSerializer}.
   */
  private static String quote(Shown quote, PageQuotes quotes) {
    if (quote == null || quote.state() == null) {
      return "null";
    }
    String state = quote.state();
    boolean accepted = "accepted".equals(state);
    if (accepted && quote.quotedGone()) {
      state = "deleted";
    } else if (accepted && !quote.quotedVisible()) {
      state = "unauthorized";
    } else if (accepted && quote.viewerFilter() != null) {
      state = quote.viewerFilter();
    }
    boolean shows = accepted && quote.quotedVisible() && !quote.quotedGone();
    JsonObject entity = new JsonObject().put("state", state);
    if (quotes.shallow()) {
      return entity.put("quoted_status_id", shows ? String.valueOf(quote.quotedStatusId()) : null).encode();
    }
    String quoted = shows ? quotes.quoted().get(quote.quotedStatusId()) : null;
    if (shows && quoted == null) {
      entity.put("state", "unauthorized");
    }
    String head = entity.put("quoted_status", null).encode();
    return quoted == null ? head
        : head.substring(0, head.length() - "null}".length()) + quoted + "}";
  }

  private static void writeAccount(Buffer out, KeptAccount account, long accountId,
      AccountCounts counts, EmojiEntities.Named emojis) {
    String day = AccountEntity.lastStatusDay(counts);
    out.appendBytes(account.head())
        .appendString(",\"emojis\":" + encoded(emojis.of(accountId, account.emojiCodes())))
        .appendString(",\"last_status_at\":"
        + (day == null ? "null" : "\"" + day + "\"") + ",\"statuses_count\":" + counts.statuses()
        + ",\"followers_count\":" + counts.followers() + ",\"following_count\":" + counts.following() + "}");
  }

  /** Most posts and authors name no emoji: their empty lists are not written by Jackson, twice per status. */
  private static String encoded(JsonArray emojis) {
    return emojis.isEmpty() ? "[]" : emojis.encode();
  }

  private JsonArray tags(List<String> names) {
    JsonArray list = new JsonArray();
    names.forEach(name -> list.add(new JsonObject().put("name", name).put("url", uris.tag(name))));
    return list;
  }
}
