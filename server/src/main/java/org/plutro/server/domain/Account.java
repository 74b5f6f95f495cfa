package org.plutro.server.domain;

import io.vertx.core.json.JsonArray;
import java.time.OffsetDateTime;

/** An actor we know: a local member (domain null), the instance actor, or a cached remote actor. */
public record Account(
    long id,
    String username,
    String domain,
    String uri,
    String url,
    String actorType,
    String displayName,
    String note,
    String noteSource,
    String avatarUrl,
    String headerUrl,
    JsonArray fields,
    boolean locked,
    boolean bot,
    boolean discoverable,
    boolean indexable,
    boolean hideCollections,
    String inboxUrl,
    String sharedInboxUrl,
    String outboxUrl,
    String followersUrl,
    String followingUrl,
    String featuredUrl,
    String publicKeyId,
    String publicKeyPem,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime fetchedAt,
    OffsetDateTime deletedAt,
    OffsetDateTime suspendedAt,
    OffsetDateTime silencedAt,
    OffsetDateTime sensitizedAt) {

  public boolean suspended() {
    return suspendedAt != null;
  }

  public boolean isLocal() {
    return domain == null;
  }

  /** Mastodon's {@code acct}: the bare username for local accounts, user@host otherwise. */
  public String acct() {
    return domain == null ? username : username + "@" + domain;
  }
}
