package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.regex.Pattern;
import org.plutro.server.store.SafetyStore;
import org.plutro.server.uri.Uris;

/**
 * A member hides a whole server, as Mastodon's member-level domain blocks: its accounts' posts
 * and notifications stop reaching the member and its accounts stop following them. The same from
 * the API and the settings page.
 */
public final class MemberDomainBlocks {
  private static final Pattern DOMAIN = Pattern.compile(
      "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$");
  private static final int MAX_DOMAIN = 253;

  private final Pool pool;
  private final Uris uris;
  private final SafetyStore safety;

  public MemberDomainBlocks(Pool pool, Uris uris, SafetyStore safety) {
    this.pool = pool;
    this.uris = uris;
    this.safety = safety;
  }

  /** Blocks the domain (a bare domain or a URL); fails with a 422 for anything else or this server. */
  public Future<String> block(long accountId, String value) {
    return checked(value).compose(domain -> pool
        .withTransaction(tx -> SafetyStore.blockDomain(tx, accountId, domain)).map(domain));
  }

  public Future<String> unblock(long accountId, String value) {
    return checked(value).compose(domain -> safety.unblockDomain(accountId, domain).map(domain));
  }

  private Future<String> checked(String value) {
    String domain = normalized(value);
    if (domain == null) {
      return Future.failedFuture(new ValidationErrors()
          .add("domain", "ERR_INVALID", "is not a domain").toException());
    }
    if (domain.equals(uris.authority().toLowerCase(Locale.ROOT))) {
      return Future.failedFuture(new ValidationErrors()
          .add("domain", "ERR_INVALID", "cannot be this server").toException());
    }
    return Future.succeededFuture(domain);
  }

  /** host[:port] in lower case, from a bare domain or a URL; null when it is not one. */
  static String normalized(String value) {
    if (value == null) {
      return null;
    }
    String domain = value.strip().toLowerCase(Locale.ROOT);
    if (domain.startsWith("https://") || domain.startsWith("http://")) {
      domain = domain.substring(domain.indexOf("//") + 2);
    }
    if (domain.endsWith("/")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return domain.isEmpty() || domain.length() > MAX_DOMAIN || !DOMAIN.matcher(domain).matches()
        ? null : domain;
  }
}
