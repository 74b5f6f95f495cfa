package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The domains the admins suspended, kept in memory (every process rereads them every few seconds,
 * and at once after a change it makes): checked on every delivery received, fetch and GET.
 * A block covers the domain's subdomains, as Mastodon's do.
 */
public final class DomainBlocks {
  static final long REFRESH_MS = 5_000;
  private static final String SUSPENDED = "SELECT domain FROM instance_domain_blocks WHERE severity = 'suspend'";

  private final SqlClient client;
  private volatile Set<String> suspended = Set.of();

  public DomainBlocks(Vertx vertx, SqlClient client) {
    this.client = client;
    vertx.setPeriodic(0, REFRESH_MS, id -> refresh());
  }

  public Future<Void> refresh() {
    return client.query(SUSPENDED).execute().map(rows -> {
      Set<String> domains = new HashSet<>();
      rows.forEach(row -> domains.add(row.getString(0).toLowerCase(Locale.ROOT)));
      suspended = Set.copyOf(domains);
      return null;
    });
  }

  /** Whether this domain (host, or host:port) or one it is under is suspended. */
  public boolean isSuspended(String domain) {
    if (domain == null || suspended.isEmpty()) {
      return false;
    }
    String host = domain.toLowerCase(Locale.ROOT);
    if (suspended.contains(host)) {
      return true;
    }
    int colon = host.lastIndexOf(':');
    String bare = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    for (String name = bare; name != null; name = parent(name)) {
      if (suspended.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the URL's server is suspended. */
  public boolean isSuspendedUrl(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getRawAuthority() != null && isSuspended(uri.getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String parent(String host) {
    int dot = host.indexOf('.');
    return dot < 0 || dot == host.length() - 1 ? null : host.substring(dot + 1);
  }
}
