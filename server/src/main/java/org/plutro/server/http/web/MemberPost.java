package org.plutro.server.http.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.text.Html;

/**
 * A post as a signed-in member sees it on a page, read from the Mastodon {@code Status} entity
 * the API gives that member (the same presenter: their likes, shares, bookmarks, filters, polls,
 * quotes). A share shows the shared post, with who shared it. {@code viewerId}: the member.
 */
public record MemberPost(JsonObject entity, long viewerId) {

  /** One attachment, as {@link PostView.Media}. */
  public record Media(String kind, String url, String preview, String description) {
    public boolean isVideo() {
      return "video".equals(kind) || "gifv".equals(kind);
    }

    public boolean isAudio() {
      return "audio".equals(kind);
    }
  }

  /**
   * A poll's choice: its number (what a vote sends), its text, how many chose it (null while the
   * poll hides counts), its share of the votes in percent, and whether the member chose it.
   */
  public record Choice(int index, String title, Long votes, long percent, boolean mine) {}

  /** The post shown: the shared post for a share, else the entity itself. */
  public JsonObject shown() {
    JsonObject reblog = entity.getJsonObject("reblog");
    return reblog != null ? reblog : entity;
  }

  private JsonObject account() {
    return shown().getJsonObject("account", new JsonObject());
  }

  /** The entity's id: where the page's anchor ({@code #post-ID}) points. */
  public String anchorId() {
    return entity.getString("id");
  }

  /** The id the actions act on (for a share, the shared post's, as Mastodon's apps do). */
  public String id() {
    return shown().getString("id");
  }

  /** Who shared it, as HTML (their custom emoji shown); null when this is not a share. */
  public String sharedByHtml() {
    if (entity.getJsonObject("reblog") == null) {
      return null;
    }
    JsonObject sharer = entity.getJsonObject("account", new JsonObject());
    return EmojiCodes.html(Html.escape(name(sharer)), emojis(sharer.getJsonArray("emojis"))::get);
  }

  public String sharedByUrl() {
    return profilePath(entity.getJsonObject("account", new JsonObject()));
  }

  public String authorNameHtml() {
    JsonObject author = account();
    return EmojiCodes.html(Html.escape(name(author)), emojis(author.getJsonArray("emojis"))::get);
  }

  public String handle() {
    return "@" + account().getString("acct", "");
  }

  /** The author's profile page here: {@code /@name}, or {@code /@name@domain} for a remote account. */
  public String authorUrl() {
    return profilePath(account());
  }

  public String avatar() {
    return account().getString("avatar", "");
  }

  public boolean own() {
    return String.valueOf(viewerId).equals(account().getString("id"));
  }

  /** Where the post is read: its thread page here for ours, else its own server's page. */
  public String link() {
    String url = shown().getString("url");
    return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url
        : shown().getString("uri", "");
  }

  /** The content, cleaned again with the allow-list: a page is no place to trust storage. */
  public String contentHtml() {
    return EmojiCodes.html(Html.sanitize(shown().getString("content", "")),
        emojis(shown().getJsonArray("emojis"))::get);
  }

  public boolean warned() {
    return !spoiler().isEmpty();
  }

  public String spoiler() {
    return shown().getString("spoiler_text", "");
  }

  /** Marked sensitive without a content warning: its media are behind a "show" switch. */
  public boolean sensitive() {
    return shown().getBoolean("sensitive", false);
  }

  /** The title of the member's "warn" filter this post matched; null when none did. */
  public String filteredBy() {
    JsonArray results = entity.getJsonArray("filtered");
    if (results == null || results.isEmpty()) {
      return null;
    }
    return results.getJsonObject(0).getJsonObject("filter", new JsonObject()).getString("title", "");
  }

  public String language() {
    return shown().getString("language");
  }

  public String published() {
    return shown().getString("created_at", "");
  }

  public String publishedText() {
    String at = shown().getString("created_at");
    return at == null ? "" : Times.readable(java.time.OffsetDateTime.parse(at));
  }

  public boolean edited() {
    return shown().getString("edited_at") != null;
  }

  /** "unlisted", "private", "direct"; null for a public post. */
  public String visibilityNote() {
    String visibility = shown().getString("visibility", "public");
    return switch (visibility) {
      case "public" -> null;
      case "private" -> "followers only";
      case "direct" -> "mentioned people only";
      default -> visibility;
    };
  }

  /** Mastodon lets the public and unlisted posts be shared, and one's own followers-only posts. */
  public boolean mayShare() {
    String visibility = shown().getString("visibility", "public");
    return "public".equals(visibility) || "unlisted".equals(visibility)
        || "private".equals(visibility) && own();
  }

  /** The author's quote policy lets this member quote it. */
  public boolean mayQuote() {
    JsonObject approval = shown().getJsonObject("quote_approval");
    String visibility = shown().getString("visibility", "public");
    return approval != null && "automatic".equals(approval.getString("current_user"))
        && ("public".equals(visibility) || "unlisted".equals(visibility));
  }

  public boolean favourited() {
    return shown().getBoolean("favourited", false);
  }

  public boolean reblogged() {
    return shown().getBoolean("reblogged", false);
  }

  public boolean bookmarked() {
    return shown().getBoolean("bookmarked", false);
  }

  public long favourites() {
    return shown().getLong("favourites_count", 0L);
  }

  public long reblogs() {
    return shown().getLong("reblogs_count", 0L);
  }

  public long replies() {
    return shown().getLong("replies_count", 0L);
  }

  public List<Media> attachments() {
    List<Media> list = new ArrayList<>();
    for (Object item : shown().getJsonArray("media_attachments", new JsonArray())) {
      JsonObject m = (JsonObject) item;
      String url = m.getString("url");
      if (url == null || url.isEmpty()) {
        continue;
      }
      String preview = m.getString("preview_url");
      list.add(new Media(m.getString("type", "image"), url, preview == null ? url : preview,
          m.getString("description") == null ? "" : m.getString("description")));
    }
    return list;
  }

  public boolean hasPoll() {
    return shown().getJsonObject("poll") != null;
  }

  public List<Choice> pollChoices() {
    List<Choice> choices = new ArrayList<>();
    JsonObject poll = shown().getJsonObject("poll");
    if (poll != null) {
      // Of the voters when several choices are allowed, as Mastodon's apps count.
      Long voters = poll.getLong("voters_count");
      long total = poll.getBoolean("multiple", false) && voters != null ? voters : poll.getLong("votes_count", 0L);
      JsonArray own = poll.getJsonArray("own_votes", new JsonArray());
      JsonArray options = poll.getJsonArray("options", new JsonArray());
      for (int i = 0; i < options.size(); i++) {
        JsonObject option = options.getJsonObject(i);
        Long votes = option.getLong("votes_count");
        long percent = votes == null || total == 0 ? 0 : Math.round(100.0 * votes / total);
        choices.add(new Choice(i, option.getString("title", ""), votes, percent, own.contains(i)));
      }
    }
    return choices;
  }

  /** The poll's id, what a vote names; null without a poll. */
  public String pollId() {
    JsonObject poll = shown().getJsonObject("poll");
    return poll == null ? null : poll.getString("id");
  }

  public boolean pollMultiple() {
    JsonObject poll = shown().getJsonObject("poll");
    return poll != null && poll.getBoolean("multiple", false);
  }

  /**
   * The member may vote: the poll is open and they have not voted (its author "has voted"), as
   * Mastodon's apps decide whether to show the form or the results.
   */
  public boolean pollOpen() {
    JsonObject poll = shown().getJsonObject("poll");
    return poll != null && !poll.getBoolean("expired", false) && !poll.getBoolean("voted", false);
  }

  public String pollSummary() {
    JsonObject poll = shown().getJsonObject("poll");
    if (poll == null) {
      return "";
    }
    long voters = poll.getLong("voters_count") != null ? poll.getLong("voters_count") : poll.getLong("votes_count", 0L);
    return voters + (voters == 1 ? " person" : " people") + (poll.getBoolean("expired", false) ? " · closed" : "");
  }

  /** The post it quotes, when the member may see it; null otherwise. */
  public MemberPost quoted() {
    JsonObject quote = shown().getJsonObject("quote");
    JsonObject quoted = quote == null ? null : quote.getJsonObject("quoted_status");
    return quoted == null ? null : new MemberPost(quoted, viewerId);
  }

  /**
   * Why the quoted post is folded away (the member blocks or mutes its author, or blocks its
   * domain), as Mastodon's web client does; null when it is shown open.
   */
  public String quoteHiddenBecause() {
    JsonObject quote = shown().getJsonObject("quote");
    return quote == null || quote.getJsonObject("quoted_status") == null ? null
        : switch (quote.getString("state", "")) {
          case "blocked_account" -> "Quoted post hidden: you blocked its author.";
          case "blocked_domain" -> "Quoted post hidden: you blocked its author's server.";
          case "muted_account" -> "Quoted post hidden: you muted its author.";
          default -> null;
        };
  }

  /** What stands in a quote's place when the quoted post is not shown; null when nothing does. */
  public String quoteNote() {
    JsonObject quote = shown().getJsonObject("quote");
    if (quote == null || quote.getJsonObject("quoted_status") != null) {
      return null;
    }
    return switch (quote.getString("state", "")) {
      case "pending" -> "Quoted post waiting for its author's approval.";
      case "deleted" -> "The quoted post was deleted.";
      case "rejected", "revoked" -> "The author of the quoted post did not allow this quote.";
      default -> "The quoted post is not available.";
    };
  }

  public LinkCardView linkCard() {
    JsonObject card = shown().getJsonObject("card");
    if (card == null || card.getString("url") == null) {
      return null;
    }
    String provider = card.getString("provider_name", "");
    return new LinkCardView(card.getString("url"), card.getString("title", ""),
        card.getString("description", ""), provider, card.getString("image"));
  }

  private static String name(JsonObject account) {
    String display = account.getString("display_name", "");
    return display.isBlank() ? account.getString("username", "") : display;
  }

  private static String profilePath(JsonObject account) {
    return "/@" + account.getString("acct", "");
  }

  /** The custom emoji of an entity by shortcode (their images are at our address). */
  private static Map<String, String> emojis(JsonArray list) {
    Map<String, String> images = new HashMap<>();
    if (list != null) {
      for (Object item : list) {
        JsonObject emoji = (JsonObject) item;
        images.put(emoji.getString("shortcode"), emoji.getString("url"));
      }
    }
    return images;
  }
}
