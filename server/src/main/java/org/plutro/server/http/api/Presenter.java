package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.store.CountStore;
import org.plutro.server.uri.Uris;

/** Builds Mastodon entities for lists of accounts and statuses, loading what they need in batches. */
public final class Presenter {
  private final CountStore counts;
  private final Uris uris;
  private final StatusPresenter statusPresenter;
  private final EmojiEntities emojis;

  public Presenter(CountStore counts, Uris uris, StatusPresenter statusPresenter,
      EmojiEntities emojis) {
    this.counts = counts;
    this.uris = uris;
    this.statusPresenter = statusPresenter;
    this.emojis = emojis;
  }

  public Future<JsonObject> account(Account account) {
    return counts.account(account.id()).compose(counted -> emojis.ofAccount(account)
        .map(used -> AccountEntity.of(account, counted, uris).put("emojis", used)));
  }

  /** Account entities with their counters, read in one query. */
  public Future<JsonArray> accounts(List<Account> accounts) {
    List<Long> ids = new ArrayList<>(accounts.size());
    accounts.forEach(account -> ids.add(account.id()));
    return counts.accounts(ids).compose(counted -> emojis.ofAccounts(accounts).map(used -> {
      JsonArray array = new JsonArray();
      for (Account account : accounts) {
        array.add(AccountEntity.of(account, counted.get(account.id()), uris)
            .put("emojis", used.get(account.id())));
      }
      return array;
    }));
  }

  /** The account entity (such as a CredentialAccount) with the emoji its profile names. */
  public Future<JsonObject> withEmojis(Account account, JsonObject entity) {
    return emojis.ofAccount(account).map(used -> entity.put("emojis", used));
  }

  public Future<JsonObject> status(Status status) {
    return statuses(List.of(status)).map(array -> array.getJsonObject(0));
  }

  public Future<JsonArray> statuses(List<Status> statuses) {
    return statuses(statuses, Optional.empty());
  }

  /** Statuses as {@code viewer} sees them: with favourited, reblogged, bookmarked and pinned. */
  public Future<JsonArray> statuses(List<Status> statuses, Optional<Account> viewer) {
    return statusPresenter.statuses(statuses, viewer.map(Account::id).orElse(null));
  }

  /** The status as the viewer sees it, as JSON text; empty when the viewer may not see it. */
  public Future<Optional<io.vertx.core.buffer.Buffer>> visibleStatus(long id, Optional<Account> viewer) {
    return statusPresenter.visible(id, viewer.map(Account::id).orElse(null));
  }

  public Future<JsonObject> status(Status status, Optional<Account> viewer) {
    return statuses(List.of(status), viewer).map(array -> array.getJsonObject(0));
  }
}
