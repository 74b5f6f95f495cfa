package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.store.OutboundStore;
import org.plutro.server.store.RelayStore;

/**
 * Who a post is addressed to and which inboxes it goes to, as Mastodon does it:
 * public — to Public, cc followers and the mentioned; unlisted — to followers, cc Public and the
 * mentioned; private — to followers, cc the mentioned; direct — to the mentioned only, delivered
 * to their own inboxes only (a shared inbox only when a server has no other).
 */
public final class Audience {
  /** A post's {@code to} and {@code cc}. */
  public record Addressing(List<String> to, List<String> cc) {}

  private Audience() {}

  public static Addressing addressing(Visibility visibility, Account author,
      Collection<Account> mentioned) {
    List<String> mentions = new ArrayList<>();
    for (Account account : mentioned) {
      if (account.id() != author.id() && !mentions.contains(account.uri())) {
        mentions.add(account.uri());
      }
    }
    List<String> to = new ArrayList<>();
    List<String> cc = new ArrayList<>();
    switch (visibility) {
      case PUBLIC -> {
        to.add(Visibility.AS_PUBLIC);
        cc.add(author.followersUrl());
        cc.addAll(mentions);
      }
      case UNLISTED -> {
        to.add(author.followersUrl());
        cc.add(Visibility.AS_PUBLIC);
        cc.addAll(mentions);
      }
      case PRIVATE -> {
        to.add(author.followersUrl());
        cc.addAll(mentions);
      }
      case DIRECT -> to.addAll(mentions);
    }
    return new Addressing(List.copyOf(to), List.copyOf(cc));
  }

  /**
   * The inboxes a post (or its edit or deletion) goes to. Public and unlisted replies also reach
   * the parent's author, as in Mastodon; edits and deletions also reach the servers that shared it.
   */
  public static Future<List<String>> inboxes(SqlClient tx, Status status, Account author,
      Collection<Account> mentioned, Account parentAuthor, boolean withSharers) {
    Set<String> inboxes = new LinkedHashSet<>();
    if (status.visibility() == Visibility.DIRECT) {
      for (Account account : mentioned) {
        if (!account.isLocal() && account.deletedAt() == null) {
          inboxes.add(account.inboxUrl() != null ? account.inboxUrl() : account.sharedInboxUrl());
        }
      }
      return Future.succeededFuture(new ArrayList<>(inboxes));
    }
    return Publisher.followerInboxes(tx, author.id()).compose(followers -> {
      inboxes.addAll(followers);
      for (Account account : mentioned) {
        if (!account.isLocal() && account.deletedAt() == null) {
          inboxes.add(preferred(account));
        }
      }
      if (parentAuthor != null && !parentAuthor.isLocal() && status.visibility().isPubliclyReadable()) {
        inboxes.add(preferred(parentAuthor));
      }
      // Public posts also go to the relays that accepted us (Mastodon sends them there too).
      Future<Void> relayed = status.visibility() != Visibility.PUBLIC ? Future.succeededFuture()
          : RelayStore.acceptedInboxes(tx).map(relays -> {
            inboxes.addAll(relays);
            return null;
          });
      if (!withSharers) {
        return relayed.map(done -> new ArrayList<>(inboxes));
      }
      return relayed.compose(done -> OutboundStore.sharerInboxes(tx, status.id())).map(sharers -> {
        inboxes.addAll(sharers);
        return new ArrayList<>(inboxes);
      });
    });
  }

  private static String preferred(Account account) {
    return account.sharedInboxUrl() != null ? account.sharedInboxUrl() : account.inboxUrl();
  }
}
