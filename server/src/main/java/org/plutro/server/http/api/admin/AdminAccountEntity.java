package org.plutro.server.http.api.admin;

import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.User;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.WebSessionStore;
import org.plutro.server.store.WebSessionStore.AddressUse;

/** Mastodon's {@code Admin::Account}: what this server records of an account, for moderators. */
public final class AdminAccountEntity {
  private final AccountStore accounts;
  private final UserStore users;
  private final WebSessionStore webSessions;
  private final Presenter presenter;

  public AdminAccountEntity(AccountStore accounts, UserStore users, WebSessionStore webSessions,
      Presenter presenter) {
    this.accounts = accounts;
    this.users = users;
    this.webSessions = webSessions;
    this.presenter = presenter;
  }

  Future<JsonObject> of(Long id) {
    if (id == null) {
      return Future.succeededFuture(null);
    }
    return accounts.byId(id).compose(found -> found.isEmpty() ? Future.succeededFuture(null)
        : of(found.get()));
  }

  Future<JsonObject> of(Account account) {
    return presenter.account(account).compose(entity -> users.byAccountId(account.id())
        .compose(user -> webSessions.signInAddresses(account.id())
            .map(addresses -> entity(account, entity, user, addresses))));
  }

  private static JsonObject entity(Account account, JsonObject entity, Optional<User> user,
      List<AddressUse> addresses) {
    JsonArray ips = new JsonArray();
    addresses.forEach(address -> ips.add(new JsonObject().put("ip", address.ip())
        .put("used_at", Timestamps.iso(address.lastUsedAt()))));
    return new JsonObject()
        .put("id", Long.toString(account.id()))
        .put("username", account.username())
        .put("domain", account.domain())
        .put("created_at", Timestamps.iso(account.createdAt()))
        .put("email", user.map(u -> u.email()).orElse(null))
        .put("ip", ips.isEmpty() ? null : ips.getJsonObject(0).getString("ip"))
        .put("ips", ips)
        .put("locale", user.map(u -> u.locale()).orElse(null))
        .put("invite_request", user.map(u -> u.signUpReason()).orElse(null))
        .put("role", user.map(u -> new JsonObject().put("id", u.isAdmin() ? "3" : "-99")
            .put("name", u.isAdmin() ? "Admin" : "").put("color", "").put("permissions", u.isAdmin() ? "1" : "0")
            .put("highlighted", u.isAdmin())).orElse(null))
        .put("confirmed", user.map(u -> u.confirmed()).orElse(true))
        .put("approved", user.map(u -> u.approved()).orElse(true))
        .put("disabled", user.map(u -> u.disabled()).orElse(false))
        .put("silenced", account.silencedAt() != null)
        .put("sensitized", account.sensitizedAt() != null)
        .put("suspended", account.suspended() || account.deletedAt() != null)
        .put("account", entity);
  }
}
