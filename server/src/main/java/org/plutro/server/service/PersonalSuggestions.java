package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.store.AccountDiscoveryStore;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.PersonalSuggestionStore;
import org.plutro.server.store.PersonalSuggestionStore.AccountSuggestion;
import org.plutro.server.store.PersonalSuggestionStore.TopicSuggestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suggested hashtags and accounts for one member (policy 1 and 4), by consent (policy 7.3): off
 * unless the member turns it on; then derived on this server from their own posts, likes, shares
 * and followed hashtags (at once, then every hour by a durable job), each with the reason shown to
 * them. Turning it off deletes what was derived. Account suggestions (the API's and Explore's) also
 * count friends of friends and active members here, and only with the same consent.
 */
public final class PersonalSuggestions {
  public static final String JOB = "suggestions.refresh";
  static final Duration EVERY = Duration.ofHours(1);
  private static final String SUBJECT = "instance";
  private static final Logger LOG = LoggerFactory.getLogger(PersonalSuggestions.class);

  /**
   * A suggested account: {@code sources} as Mastodon's v2 suggestions name them, {@code reason}
   * in plain words.
   */
  public record Suggested(Account account, String source, List<String> sources, String reason) {}

  /** A suggested hashtag, with the reason in plain words. */
  public record Topic(long tagId, String name, String reason) {}

  private final Pool pool;
  private final PersonalSuggestionStore store;
  private final AccountDiscoveryStore discovery;
  private final JobStore jobs;

  public PersonalSuggestions(Pool pool, PersonalSuggestionStore store, AccountDiscoveryStore discovery,
      JobStore jobs) {
    this.pool = pool;
    this.store = store;
    this.discovery = discovery;
    this.jobs = jobs;
  }

  public Future<Boolean> enabled(long accountId) {
    return store.consents(accountId);
  }

  /** Turns suggestions on (derived at once) or off (what was derived is deleted). */
  public Future<Void> choose(long accountId, boolean on) {
    return pool.withTransaction(tx -> PersonalSuggestionStore.setConsent(tx, accountId, on)
        .compose(done -> on ? PersonalSuggestionStore.derive(tx, accountId)
            : PersonalSuggestionStore.forget(tx, accountId)));
  }

  /** Queues the first hourly refresh, unless one is queued (each queues the next). */
  public Future<Void> schedule() {
    return jobs.queueUnlessQueued(JOB, SUBJECT);
  }

  /** The job: the next one queued, then every consenting member's suggestions derived anew. */
  public Future<Void> run(JsonObject payload) {
    return JobStore.scheduleOnce(pool, JOB, SUBJECT, (int) EVERY.toSeconds())
        .compose(next -> store.consenting())
        .compose(members -> deriveEach(members, 0))
        .recover(failure -> {
          LOG.warn("Suggestions refresh failed: {}", failure.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> deriveEach(List<Long> members, int index) {
    return index >= members.size() ? Future.succeededFuture()
        : pool.withTransaction(tx -> PersonalSuggestionStore.derive(tx, members.get(index)))
            .compose(done -> deriveEach(members, index + 1));
  }

  /** Suggested hashtags, strongest first; none without consent. */
  public Future<List<Topic>> topics(long accountId, int limit) {
    return store.topics(accountId, limit).map(found -> found.stream()
        .map(topic -> new Topic(topic.tagId(), topic.name(), reason(topic))).toList());
  }

  /**
   * Suggested accounts: those drawn from the member's activity first, then friends of friends and
   * active members here; none without consent.
   */
  public Future<List<Suggested>> accounts(long accountId, int limit) {
    return store.consents(accountId).compose(on -> !on ? Future.succeededFuture(List.<Suggested>of())
        : Future.all(store.accounts(accountId, limit), discovery.suggestions(accountId, limit)).map(both -> {
          List<AccountSuggestion> personal = both.resultAt(0);
          List<AccountDiscoveryStore.Suggestion> others = both.resultAt(1);
          List<Suggested> found = new ArrayList<>();
          Set<Long> seen = new HashSet<>();
          for (AccountSuggestion one : personal) {
            if (seen.add(one.account().id())) {
              found.add(new Suggested(one.account(), "past_interactions",
                  List.of("followed_tag".equals(one.reason()) ? "similar_to_recently_followed" : "most_interactions"),
                  reason(one)));
            }
          }
          for (AccountDiscoveryStore.Suggestion other : others) {
            if (seen.add(other.account().id())) {
              boolean friends = "friends_of_friends".equals(other.source());
              found.add(new Suggested(other.account(), friends ? "past_interactions" : "global",
                  List.of(friends ? "friends_of_friends" : "most_followed"),
                  friends ? "People you follow follow them" : "Active on this server lately"));
            }
          }
          return found.size() > limit ? found.subList(0, limit) : found;
        }));
  }

  /** Never suggests this account again (Mastodon's dismissal), and forgets what was derived about it. */
  public Future<Void> dismiss(long accountId, long targetAccountId) {
    return discovery.dismissSuggestion(accountId, targetAccountId)
        .compose(done -> store.forgetAccount(accountId, targetAccountId));
  }

  static String reason(TopicSuggestion topic) {
    return switch (topic.reason()) {
      case "posted" -> "You often post about #" + topic.name();
      case "liked" -> "You liked " + topic.count() + " posts about #" + topic.name();
      case "shared" -> "You shared " + topic.count() + " posts about #" + topic.name();
      default -> "Often used with #" + topic.viaTag() + ", which you follow";
    };
  }

  static String reason(AccountSuggestion suggestion) {
    String handle = "@" + suggestion.account().acct();
    return switch (suggestion.reason()) {
      case "liked" -> "You liked " + suggestion.count() + " posts by " + handle;
      case "shared" -> "You shared " + suggestion.count() + " posts by " + handle;
      default -> "Often posts about #" + suggestion.viaTag() + ", which you follow";
    };
  }
}
