package org.plutro.server.service;

import org.plutro.server.text.StatusText;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/**
 * Finds who a mention names: a local member, a remote account we know, or else one looked up by
 * WebFinger and fetched. A mention nobody answers for stays plain text.
 */
public final class MentionResolver {
  /** Mentions beyond this many in one post are left as text (no fan-out of lookups). */
  static final int MAX_MENTIONS = 20;

  private final Uris uris;
  private final AccountStore accounts;
  private final RemoteActors remoteActors;

  public MentionResolver(Uris uris, AccountStore accounts, RemoteActors remoteActors) {
    this.uris = uris;
    this.accounts = accounts;
    this.remoteActors = remoteActors;
  }

  /** The mentions that name someone, in the order typed. */
  public Future<Map<StatusText.MentionRef, Account>> resolve(List<StatusText.MentionRef> refs) {
    List<StatusText.MentionRef> wanted = refs.size() > MAX_MENTIONS ? refs.subList(0, MAX_MENTIONS) : refs;
    List<Future<Optional<Account>>> lookups = new ArrayList<>();
    for (StatusText.MentionRef ref : wanted) {
      lookups.add(lookup(ref).otherwise(Optional.empty()));
    }
    return Future.join(lookups).otherwise(f -> null).map(done -> {
      Map<StatusText.MentionRef, Account> found = new LinkedHashMap<>();
      for (int i = 0; i < wanted.size(); i++) {
        Optional<Account> account = lookups.get(i).result();
        if (account != null && account.isPresent()) {
          found.put(wanted.get(i), account.get());
        }
      }
      return found;
    });
  }

  private Future<Optional<Account>> lookup(StatusText.MentionRef ref) {
    if (ref.host() == null || ref.host().equalsIgnoreCase(uris.authority())) {
      return accounts.localByUsername(ref.username()).map(found -> found
          .filter(a -> a.deletedAt() == null && "Person".equals(a.actorType())));
    }
    return accounts.remoteByHandle(ref.username(), ref.host()).compose(known -> {
      if (known.isPresent()) {
        return Future.succeededFuture(known.filter(a -> a.deletedAt() == null));
      }
      return remoteActors.byHandle(ref.username() + "@" + ref.host())
          .map(account -> Optional.of(account).filter(a -> a.deletedAt() == null));
    });
  }
}
