package org.plutro.server.http.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.AccountCounts;
import org.plutro.server.domain.FieldAudience;
import org.plutro.server.domain.User;
import org.plutro.server.text.Timestamps;
import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.uri.Uris;

/** Mastodon's {@code Account} and {@code CredentialAccount} entities, from our account rows. */
public final class AccountEntity {
  private AccountEntity() {}

  /** The account as anyone sees it: only the profile fields meant for everyone. */
  public static JsonObject of(Account account, AccountCounts counts, Uris uris) {
    // Remote pictures at our addresses: a reader's app never contacts the account's server.
    String avatar = orElse(uris.remoteMedia().proxied(account.avatarUrl(), RemoteMediaUrls.Kind.AVATAR),
        uris.defaultAvatar());
    String header = orElse(uris.remoteMedia().proxied(account.headerUrl(), RemoteMediaUrls.Kind.HEADER),
        uris.defaultHeader());
    JsonObject entity = new JsonObject()
        .put("id", Long.toString(account.id()))
        .put("username", account.username())
        .put("acct", account.acct())
        .put("url", account.url() != null ? account.url() : account.uri())
        .put("uri", account.uri())
        .put("display_name", account.displayName())
        .put("note", account.note())
        .put("avatar", avatar)
        .put("avatar_static", avatar)
        .put("header", header)
        .put("header_static", header)
        .put("locked", account.locked())
        .put("fields", fields(account, FieldAudience.EVERYONE))
        .put("emojis", new JsonArray())
        .put("bot", account.bot() || "Service".equals(account.actorType())
            || "Application".equals(account.actorType()))
        .put("group", "Group".equals(account.actorType()))
        .put("discoverable", account.discoverable())
        .put("indexable", account.indexable())
        .put("noindex", !account.indexable())
        .put("hide_collections", account.hideCollections())
        .put("created_at", midnight(account.createdAt()))
        .put("last_status_at", lastStatusDay(counts))
        .put("statuses_count", counts.statuses())
        .put("followers_count", counts.followers())
        .put("following_count", counts.following());
    if (account.silencedAt() != null) {
      entity.put("limited", true);
    }
    if (account.suspended()) {
      // As Mastodon: a suspended account shows nothing of itself, only that it is suspended.
      entity.put("suspended", true).put("display_name", "").put("note", "").put("fields", new JsonArray())
          .put("avatar", uris.defaultAvatar()).put("avatar_static", uris.defaultAvatar())
          .put("header", uris.defaultHeader()).put("header_static", uris.defaultHeader());
    }
    return entity;
  }

  /**
   * The profile fields a viewer with {@code relation} to the account may see (see
   * {@link FieldAudience}); each carries its {@code audience} when it is not everyone's.
   */
  public static JsonArray fields(Account account, FieldAudience relation) {
    JsonArray fields = new JsonArray();
    for (Object field : account.fields()) {
      if (field instanceof JsonObject f && FieldAudience.of(f).shownTo(relation)) {
        JsonObject shown = new JsonObject().put("name", f.getString("name", ""))
            .put("value", f.getString("value", ""))
            .put("verified_at", f.getValue("verified_at"));
        if (FieldAudience.of(f) != FieldAudience.EVERYONE) {
          shown.put("audience", FieldAudience.of(f).wire());
        }
        fields.add(shown);
      }
    }
    return fields;
  }

  /** The member's own view: the account plus {@code source} and {@code role}. */
  public static JsonObject credential(Account account, User user, AccountCounts counts, Uris uris) {
    JsonObject entity = of(account, counts, uris).put("fields", fields(account, FieldAudience.ONLY_ME));
    JsonArray sourceFields = new JsonArray();
    for (Object field : account.fields()) {
      if (field instanceof JsonObject f) {
        sourceFields.add(new JsonObject().put("name", f.getString("name", ""))
            .put("value", f.getString("source_value", f.getString("value", "")))
            .put("verified_at", f.getValue("verified_at"))
            .put("audience", FieldAudience.of(f).wire()));
      }
    }
    entity.put("source", new JsonObject()
        .put("privacy", user.defaultPrivacy())
        .put("sensitive", user.defaultSensitive())
        .put("language", user.defaultLanguage() == null ? "" : user.defaultLanguage())
        .put("quote_policy", user.defaultQuotePolicy())
        .put("note", account.noteSource())
        .put("fields", sourceFields)
        .put("follow_requests_count", counts.followRequests())
        .put("hide_collections", account.hideCollections())
        .put("discoverable", account.discoverable())
        .put("indexable", account.indexable()));
    entity.put("role", new JsonObject()
        .put("id", user.isAdmin() ? "3" : "-99")
        .put("name", user.isAdmin() ? "Admin" : "")
        .put("permissions", user.isAdmin() ? "1" : "0")
        .put("color", "")
        .put("highlighted", user.isAdmin()));
    return entity;
  }

  /** The day of the account's last post, as Mastodon gives it (no time). */
  static String lastStatusDay(AccountCounts counts) {
    return counts.lastStatusAt() == null ? null
        : counts.lastStatusAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** Mastodon reports an account's creation as midnight UTC of that day, with milliseconds. */
  static String midnight(OffsetDateTime created) {
    return Timestamps.iso(created.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().atStartOfDay()
        .atOffset(ZoneOffset.UTC));
  }

  private static String orElse(String url, String fallback) {
    return url != null ? url : fallback;
  }
}
