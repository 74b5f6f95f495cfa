package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.HttpResult;
import org.plutro.server.domain.Account;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.JobStore;
import org.plutro.server.text.RelMe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies profile links, members' and other servers' accounts alike, as Mastodon does: each
 * field that is one link and is not verified yet is fetched (through the SSRF guard, within the
 * client's size and time limits) and verified when the page has a {@code rel="me"} link to the
 * profile, or its first {@code rel="me"} link redirects there. Each server verifies for itself:
 * a {@code verified_at} another server claims is never taken.
 */
public final class LinkVerification {
  public static final String JOB = "account.verify_links";
  /** A remote actor may have many fields; this many are looked at, at most. */
  private static final int MAX_LINKS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(LinkVerification.class);

  private final AccountStore accounts;
  private final FederationHttpClient http;
  private final boolean allowHttp;

  /** {@code allowHttp}: plain-http links count too (instances on a private network, tests). */
  public LinkVerification(AccountStore accounts, FederationHttpClient http, boolean allowHttp) {
    this.accounts = accounts;
    this.http = http;
    this.allowHttp = allowHttp;
  }

  /** Queues a verification of a member's links; in the caller's transaction. */
  public static Future<Void> schedule(SqlClient tx, long accountId) {
    return JobStore.scheduleOnce(tx, JOB, Long.toString(accountId), 0);
  }

  /** The job: verifies the account's waiting links and marks those that link back. */
  public Future<Void> run(JsonObject payload) {
    long accountId = Long.parseLong(payload.getString("subject"));
    return accounts.byId(accountId).compose(found -> {
      Account account = found.orElse(null);
      if (account == null || account.deletedAt() != null || account.suspended()) {
        return Future.succeededFuture();
      }
      String profile = account.url() != null ? account.url() : account.uri();
      List<JsonObject> waiting = waiting(account);
      List<String> verified = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject field : waiting) {
        URI link = RelMe.verifiableLink(field, allowHttp).orElseThrow();
        chain = chain.compose(done -> linksBack(link, profile)).map(back -> {
          if (back) {
            verified.add(field.getString("value", ""));
          }
          return null;
        });
      }
      return chain.compose(done -> verified.isEmpty() ? Future.succeededFuture()
          : accounts.markFieldsVerified(accountId, verified,
              Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()));
    });
  }

  private List<JsonObject> waiting(Account account) {
    List<JsonObject> waiting = new ArrayList<>();
    for (Object item : account.fields()) {
      if (item instanceof JsonObject field && RelMe.awaitsVerification(field, allowHttp)
          && waiting.size() < MAX_LINKS) {
        waiting.add(field);
      }
    }
    return waiting;
  }

  /** Whether the page at {@code link} links back to {@code profile}; false when it cannot be read. */
  private Future<Boolean> linksBack(URI link, String profile) {
    return http.get(link, "text/html").compose(page -> {
      List<String> relMe = page.status() == 200
          ? RelMe.relMeLinks(new String(page.body(), StandardCharsets.UTF_8), link.toString()) : List.of();
      if (RelMe.linksBack(relMe, profile)) {
        return Future.succeededFuture(true);
      }
      // A link through a shortener or a redirecting alias: its first hop must be the profile.
      return relMe.isEmpty() ? Future.succeededFuture(false) : redirectsTo(relMe.get(0), profile);
    }).recover(failure -> {
      LOG.debug("Cannot verify {}: {}", link, failure.toString());
      return Future.succeededFuture(false);
    });
  }

  private Future<Boolean> redirectsTo(String link, String profile) {
    URI uri;
    try {
      uri = URI.create(link);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(false);
    }
    return http.head(uri).map(HttpResult::headers).map(headers -> profile.equals(headers.get("Location")));
  }
}
