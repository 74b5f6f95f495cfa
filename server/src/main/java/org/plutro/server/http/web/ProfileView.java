package org.plutro.server.http.web;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.AccountCounts;
import org.plutro.server.domain.FieldAudience;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.text.Html;
import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.uri.Uris;

/**
 * A member's profile page: who they are, the fields the viewer may see, and a page of their
 * public and unlisted posts ({@code withReplies}: replies too).
 */
public record ProfileView(Account account, AccountCounts counts, FieldAudience audience,
    List<PostView> posts, boolean withReplies, Uris uris, Map<String, String> emojis) {
  public static final int PAGE_SIZE = 20;

  /** {@code emojis}: the images of the custom emoji the profile may name, by shortcode. */
  public ProfileView(Account account, AccountCounts counts, FieldAudience audience,
      List<PostView> posts, boolean withReplies, Uris uris) {
    this(account, counts, audience, posts, withReplies, uris, Map.of());
  }

  /** A profile field; {@code audience} names who may see it when that is not everyone. */
  /** A field as shown; {@code verified} when its link links back to the profile (rel="me"). */
  public record Field(String name, String valueHtml, String audience, boolean verified) {}

  public String name() {
    return account.displayName().isBlank() ? account.username() : account.displayName();
  }

  /** The name as HTML, its custom emoji shown. */
  public String nameHtml() {
    return EmojiCodes.html(Html.escape(name()), emojis::get);
  }

  public String handle() {
    return "@" + (account.isLocal() ? uris.acct(account.username()) : account.acct());
  }

  /** Our page of the profile: a remote account's at Mastodon's {@code /@user@host}. */
  public String url() {
    return account.isLocal() ? uris.profilePage(account.username())
        : ProfilePages.remotePath(account);
  }

  /** Another server's account: its own page there, where its full profile is. */
  public String originalUrl() {
    return account.isLocal() ? null : PostView.web(account.url(), account.uri());
  }

  public String avatar() {
    return PostView.avatar(account, uris);
  }

  /** The header picture, or null when the member has none. */
  public String header() {
    return uris.remoteMedia().proxied(account.headerUrl(), RemoteMediaUrls.Kind.HEADER);
  }

  public String bioHtml() {
    return EmojiCodes.html(Html.sanitize(account.note()), emojis::get);
  }

  /** What search engines and link previews say about the member. */
  public String description() {
    String bio = Html.text(account.note());
    return bio.isBlank() ? plural(counts.statuses(), "post") + ", " + plural(counts.followers(), "follower")
        : bio;
  }

  /** The fields the viewer may see, in the member's order. */
  public List<Field> fields() {
    List<Field> shown = new ArrayList<>();
    for (Object item : account.fields()) {
      if (item instanceof JsonObject field && FieldAudience.of(field).shownTo(audience)) {
        FieldAudience fieldAudience = FieldAudience.of(field);
        shown.add(new Field(field.getString("name", ""),
            EmojiCodes.html(Html.sanitize(field.getString("value", "")), emojis::get),
            fieldAudience == FieldAudience.EVERYONE ? null : audienceName(fieldAudience),
            field.getValue("verified_at") != null));
      }
    }
    return shown;
  }

  /** "3 posts · 1 following · 1 follower". */
  public String countsText() {
    return plural(counts.statuses(), "post") + " · " + counts.following() + " following · "
        + plural(counts.followers(), "follower");
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  public String postsUrl() {
    return url();
  }

  public String repliesUrl() {
    return url() + "/with_replies";
  }

  public String feedUrl() {
    return AtomFeed.url(account, uris);
  }

  /** The next (older) page, or null on the last one. */
  public String olderUrl() {
    return posts.size() < PAGE_SIZE ? null : (withReplies ? repliesUrl() : postsUrl())
        + "?max_id=" + posts.get(posts.size() - 1).status().id();
  }

  /** Search engines may list the member only when they are both indexable and discoverable. */
  public static boolean indexable(Account account) {
    return account.indexable() && account.discoverable();
  }

  private static String audienceName(FieldAudience audience) {
    return switch (audience) {
      case MEMBERS -> "members only";
      case FOLLOWERS -> "followers only";
      case ONLY_ME -> "only you";
      case EVERYONE -> null;
    };
  }
}
