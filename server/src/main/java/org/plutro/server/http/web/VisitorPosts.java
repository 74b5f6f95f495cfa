package org.plutro.server.http.web;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.uri.Uris;

/** Posts made ready for the pages: each with its author, its media and its custom emoji. */
public final class VisitorPosts {
  private final AccountStore accounts;
  private final MediaStore media;
  private final CustomEmojiStore emojis;
  private final Uris uris;

  public VisitorPosts(AccountStore accounts, MediaStore media, CustomEmojiStore emojis, Uris uris) {
    this.accounts = accounts;
    this.media = media;
    this.emojis = emojis;
    this.uris = uris;
  }

  /**
   * The images of the custom emoji that these accounts' texts name ({@code shortcodes}), by
   * account and shortcode; nothing is read when no text names one.
   */
  public Future<Map<Long, Map<String, String>>> emojiImages(Map<Long, Set<String>> shortcodes) {
    return emojis.usedBy(shortcodes).map(used -> {
      Map<Long, Map<String, String>> images = new HashMap<>();
      used.forEach((accountId, byCode) -> byCode.forEach((code, emoji) ->
          images.computeIfAbsent(accountId, k -> new HashMap<>()).put(code, uris.emojiImage(emoji))));
      return images;
    });
  }

  /** One author's posts. */
  public Future<List<PostView>> by(Account author, List<Status> statuses) {
    return views(statuses, Map.of(author.id(), author));
  }

  /** Posts by anyone; those of closed accounts are left out. */
  public Future<List<PostView>> of(List<Status> statuses) {
    Map<Long, Account> authors = new ConcurrentHashMap<>();
    List<Future<?>> loads = statuses.stream().map(Status::accountId).distinct()
        .<Future<?>>map(id -> accounts.byId(id).onSuccess(found -> found
            .ifPresent(account -> authors.put(account.id(), account))))
        .toList();
    return Future.all(loads).compose(done -> views(statuses, authors));
  }

  private Future<List<PostView>> views(List<Status> statuses, Map<Long, Account> authors) {
    if (statuses.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Map<Long, Set<String>> shortcodes = new HashMap<>();
    for (Status status : statuses) {
      Account author = authors.get(status.accountId());
      if (author != null) {
        Set<String> named = shortcodes.computeIfAbsent(author.id(), k -> new HashSet<>());
        named.addAll(EmojiCodes.in(status.content(), author.displayName()));
      }
    }
    Future<Map<Long, Map<String, String>>> images = emojiImages(shortcodes);
    return images.compose(read -> media.byStatuses(statuses.stream().map(Status::id).toList())).map(attachments -> {
      Map<Long, List<MediaAttachment>> byStatus = new HashMap<>();
      attachments.forEach(m -> byStatus.computeIfAbsent(m.statusId(), k -> new ArrayList<>()).add(m));
      List<PostView> views = new ArrayList<>();
      for (Status status : statuses) {
        Account author = authors.get(status.accountId());
        if (author != null && author.deletedAt() == null) {
          views.add(new PostView(status, author, byStatus.getOrDefault(status.id(), List.of()), uris,
              images.result().getOrDefault(author.id(), Map.of())));
        }
      }
      return views;
    });
  }
}
