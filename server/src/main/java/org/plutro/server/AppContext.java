package org.plutro.server;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.plutro.server.config.Settings;
import org.plutro.server.http.Auth;
import org.plutro.server.service.PasswordHasher;
import org.plutro.server.service.RegisterMember;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/** What routes and services share: settings, the pool, stores and services. Built once per process. */
public record AppContext(
    Vertx vertx,
    Settings settings,
    Uris uris,
    Pool pool,
    AccountStore accounts,
    UserStore users,
    OAuthStore oauth,
    CountStore counts,
    PasswordHasher passwords,
    RegisterMember registerMember,
    Auth auth) {

  public static AppContext create(Vertx vertx, Settings settings, Pool pool) {
    Uris uris = new Uris(settings.publicUrl());
    AccountStore accounts = new AccountStore(pool);
    UserStore users = new UserStore(pool);
    OAuthStore oauth = new OAuthStore(pool);
    PasswordHasher passwords = new PasswordHasher();
    return new AppContext(vertx, settings, uris, pool, accounts, users, oauth, new CountStore(pool),
        passwords, new RegisterMember(vertx, pool, uris, users, passwords),
        new Auth(oauth, accounts));
  }
}
