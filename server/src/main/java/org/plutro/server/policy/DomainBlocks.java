package org.plutro.server.policy;

import org.plutro.server.service.DomainBlockEffects;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.plutro.server.store.InstanceDomainBlockStore;

/**
 * The admins' domain blocks, kept in memory (every process rereads them every few seconds, and at
 * once after a change it makes): checked on every delivery received, fetch and GET, and when a
 * post's media, an actor's images or a report come from a blocked domain. A block covers the
 * domain's subdomains, as Mastodon's do; where several cover one domain, the strictest applies.
 * A silence is not decided here: it marks the domain's accounts in the database (see
 * {@link DomainBlockEffects}).
 */
public final class DomainBlocks {
  public static final long REFRESH_MS = 5_000;

  /** One block as it acts. */
  private record Rule(boolean suspend, boolean rejectMedia, boolean rejectReports) {}

  private final SqlClient client;
  private volatile Map<String, Rule> rules = Map.of();

  public DomainBlocks(Vertx vertx, SqlClient client) {
    this.client = client;
    // The first read is the owner's, once the database answers (see refresh); then every few seconds.
    vertx.setPeriodic(REFRESH_MS, REFRESH_MS, id -> refresh());
  }

  public Future<Void> refresh() {
    return InstanceDomainBlockStore.inForce(client).map(blocks -> {
      Map<String, Rule> read = new HashMap<>();
      blocks.forEach(block -> {
        boolean suspend = "suspend".equals(block.severity());
        read.put(block.domain().toLowerCase(Locale.ROOT), new Rule(suspend,
            block.rejectMedia(), block.rejectReports()));
      });
      rules = Map.copyOf(read);
      return null;
    });
  }

  /** Whether this domain (host, or host:port) or one it is under is suspended. */
  public boolean isSuspended(String domain) {
    return any(domain, Rule::suspend);
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

  /**
   * Whether media from this domain is refused: its posts' attachments and its actors' avatars and
   * headers are neither stored nor linked (nothing at all comes from a suspended one).
   */
  public boolean rejectsMedia(String domain) {
    return any(domain, rule -> rule.rejectMedia() || rule.suspend());
  }

  /** Whether reports ({@code Flag}s) from this domain are dropped. */
  public boolean rejectsReports(String domain) {
    return any(domain, rule -> rule.rejectReports() || rule.suspend());
  }

  private boolean any(String domain, Predicate<Rule> applies) {
    Map<String, Rule> current = rules;
    if (domain == null || current.isEmpty()) {
      return false;
    }
    String host = domain.toLowerCase(Locale.ROOT);
    Rule exact = current.get(host);
    if (exact != null && applies.test(exact)) {
      return true;
    }
    int colon = host.lastIndexOf(':');
    String bare = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    for (String name = bare; name != null; name = parent(name)) {
      Rule rule = current.get(name);
      if (rule != null && applies.test(rule)) {
        return true;
      }
    }
    return false;
  }

  private static String parent(String host) {
    int dot = host.indexOf('.');
    return dot < 0 || dot == host.length() - 1 ? null : host.substring(dot + 1);
  }
}
