package org.plutro.server.policy;

import org.plutro.server.service.DomainBlockEffects;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.plutro.server.store.DomainAllowStore;
import org.plutro.server.store.InstanceDomainBlockStore;

/**
 * The admins' domain blocks, and in limited federation mode their list of allowed servers, kept
 * in memory (every process rereads them every few seconds, and at once after a change it makes):
 * {@link #mayFederate} is checked on every delivery received, fetch, handle lookup, signed GET and
 * delivery queued or sent; the rest when a post's media, an actor's images or a report come from
 * a blocked domain. A block or an allow covers the domain's subdomains, as Mastodon's do (host:port
 * names that port only); where several blocks cover one domain, the strictest applies.
 * A silence is not decided here: it marks the domain's accounts in the database (see
 * {@link DomainBlockEffects}).
 */
public final class DomainBlocks {
  public static final long REFRESH_MS = 5_000;

  /** One block as it acts. */
  private record Rule(boolean suspend, boolean rejectMedia, boolean rejectReports) {}

  private final SqlClient client;
  private final boolean limited;
  private volatile Map<String, Rule> rules = Map.of();
  private volatile Set<String> allowed = Set.of();

  /** {@code limited}: the server federates only with the allowed servers (federation.mode=limited). */
  public DomainBlocks(Vertx vertx, SqlClient client, boolean limited) {
    this.client = client;
    this.limited = limited;
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
    }).compose(done -> !limited ? Future.<Void>succeededFuture()
        : DomainAllowStore.domains(client).map(domains -> {
          allowed = domains.stream().map(domain -> domain.toLowerCase(Locale.ROOT))
              .collect(java.util.stream.Collectors.toUnmodifiableSet());
          return null;
        }));
  }

  /** Whether the server runs in limited federation mode (only allowed servers). */
  public boolean limited() {
    return limited;
  }

  /**
   * Whether this server federates with this domain (host, or host:port): it is not suspended,
   * and in limited federation mode it (or one it is under) is on the list of allowed servers.
   * The one place that decides it, as Mastodon's {@code domain_not_allowed?}.
   */
  public boolean mayFederate(String domain) {
    if (domain == null || isSuspended(domain)) {
      return false;
    }
    return !limited || allows(domain);
  }

  /** Whether this server federates with the URL's server (false for a URL without one). */
  public boolean mayFederateUrl(String url) {
    String authority = authority(url);
    return authority != null ? mayFederate(authority) : !limited;
  }

  /** Whether this domain (host, or host:port) or one it is under is suspended. */
  public boolean isSuspended(String domain) {
    return any(domain, Rule::suspend);
  }

  /** Whether the URL's server is suspended. */
  public boolean isSuspendedUrl(String url) {
    String authority = authority(url);
    return authority != null && isSuspended(authority);
  }

  private static String authority(String url) {
    try {
      return url == null ? null : URI.create(url).getRawAuthority();
    } catch (IllegalArgumentException e) {
      return null;
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
    return covered(domain, name -> {
      Rule rule = current.get(name);
      return rule != null && applies.test(rule);
    });
  }

  private boolean allows(String domain) {
    Set<String> current = allowed;
    return !current.isEmpty() && covered(domain, current::contains);
  }

  /** Whether {@code listed} holds the domain exactly, or (the port set aside) it or one it is under. */
  private static boolean covered(String domain, Predicate<String> listed) {
    String host = domain.toLowerCase(Locale.ROOT);
    if (listed.test(host)) {
      return true;
    }
    int colon = host.lastIndexOf(':');
    String bare = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    for (String name = bare; name != null; name = parent(name)) {
      if (listed.test(name)) {
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
