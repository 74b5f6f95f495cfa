package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Visibility;
import org.plutro.server.store.MemberPrivacyStore;

/**
 * Who may message a member (everyone, people they follow, nobody): a local direct post to a
 * member who does not take it is refused with 422, naming them; nothing is stored.
 */
public final class MessagePolicy {
  private MessagePolicy() {}

  public static Future<Void> check(SqlClient client, Account author, Collection<Account> mentioned,
      Visibility visibility) {
    if (visibility != Visibility.DIRECT) {
      return Future.succeededFuture();
    }
    List<Long> local = new ArrayList<>();
    mentioned.stream().filter(Account::isLocal).forEach(account -> local.add(account.id()));
    return MemberPrivacyStore.refusing(client, author.id(), local, true).compose(refusing -> {
      if (refusing.isEmpty()) {
        return Future.succeededFuture();
      }
      List<String> names = new ArrayList<>();
      mentioned.stream().filter(a -> refusing.contains(a.id())).forEach(a -> names.add("@" + a.username()));
      return Future.failedFuture(new ValidationErrors().add("text", "ERR_INVALID",
          String.join(", ", names) + " does not accept direct messages from you").toException());
    });
  }
}
