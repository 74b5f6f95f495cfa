package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.CustomEmoji;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.uri.Uris;

/**
 * Mastodon's {@code CustomEmoji} entities: the instance's own, and the {@code emojis} of statuses
 * and accounts, which are those their texts name (looked up among their author's domain's emoji,
 * one query for a whole page, none when no text names one).
 */
public final class EmojiEntities {
  private final CustomEmojiStore emojis;
  private final Uris uris;

  public EmojiEntities(CustomEmojiStore emojis, Uris uris) {
    this.emojis = emojis;
    this.uris = uris;
  }

  public JsonObject of(CustomEmoji emoji) {
    return new JsonObject()
        .put("shortcode", emoji.shortcode())
        .put("url", uris.emojiImage(emoji))
        .put("static_url", uris.emojiStatic(emoji))
        .put("visible_in_picker", emoji.visibleInPicker())
        .put("category", emoji.category());
  }

  /** Our emoji that the picker shows (GET /api/v1/custom_emojis). */
  public Future<JsonArray> picker() {
    return emojis.allLocal().map(all -> {
      JsonArray list = new JsonArray();
      all.stream().filter(CustomEmoji::visibleInPicker).forEach(emoji -> list.add(of(emoji)));
      return list;
    });
  }

  /** The emoji each account's name, bio and public fields name, by account id. */
  public Future<Map<Long, JsonArray>> ofAccounts(Collection<Account> accounts) {
    Map<Long, Long> owners = new HashMap<>();
    Map<Long, Set<String>> codes = new HashMap<>();
    accounts.forEach(account -> {
      owners.put(account.id(), account.id());
      // A suspended account shows nothing of itself (see AccountEntity).
      codes.put(account.id(), account.suspended() ? Set.of() : EmojiCodes.inProfile(account));
    });
    return entities(owners, codes);
  }

  public Future<JsonArray> ofAccount(Account account) {
    return ofAccounts(List.of(account)).map(found -> found.get(account.id()));
  }

  /** For each item (a status or account id, {@code authors} its author), its emoji entities. */
  private Future<Map<Long, JsonArray>> entities(Map<Long, Long> authors, Map<Long, Set<String>> codes) {
    Map<Long, Set<String>> byAuthor = new HashMap<>();
    codes.forEach((item, named) -> byAuthor.computeIfAbsent(authors.get(item),
        k -> new java.util.HashSet<>()).addAll(named));
    return named(byAuthor).map(found -> {
      Map<Long, JsonArray> entities = new HashMap<>();
      codes.forEach((item, named) -> entities.put(item, found.of(authors.get(item), named)));
      return entities;
    });
  }

  /**
   * The emoji these authors' texts name, looked up at once (none when no text names one), for
   * a page whose entities are otherwise kept: an emoji's image may change under a kept post.
   */
  public Future<Named> named(Map<Long, Set<String>> shortcodesByAuthor) {
    Map<Long, Set<String>> naming = new HashMap<>(shortcodesByAuthor);
    naming.values().removeIf(Set::isEmpty);
    return emojis.usedBy(naming).map(Named::new);
  }

  /** Emoji found for a page's authors. */
  public final class Named {
    private final Map<Long, Map<String, CustomEmoji>> used;

    private Named(Map<Long, Map<String, CustomEmoji>> used) {
      this.used = used;
    }

    /** The entities of the emoji that {@code shortcodes}, written by {@code author}, name. */
    public JsonArray of(long author, Set<String> shortcodes) {
      JsonArray list = new JsonArray();
      Map<String, CustomEmoji> known = used.getOrDefault(author, Map.of());
      shortcodes.forEach(code -> {
        CustomEmoji emoji = known.get(code);
        if (emoji != null) {
          list.add(EmojiEntities.this.of(emoji));
        }
      });
      return list;
    }
  }
}
