package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.policy.InteractionPolicies.Verdict;
import org.plutro.server.store.InteractionStore;

/**
 * A remote reply to, or share of, one of our posts, held to the post's interaction policy the way
 * GoToSocial does: refused ones are dropped and answered with a {@code Reject} of the interaction;
 * ones the policy allows only for who the actor is (a follower, a mentioned account) get an
 * {@code Accept} that peers can dereference, so theirs may distribute it.
 */
public final class InteractionGate {

  private final Pool pool;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final Publisher publisher;

  public InteractionGate(Pool pool, AccountStore accounts, StatusStore statuses, Publisher publisher) {
    this.pool = pool;
    this.accounts = accounts;
    this.statuses = statuses;
    this.publisher = publisher;
  }

  /** Answers whether the interaction {@code interactionUri} by {@code actor} may be kept. */
  public Future<Boolean> admit(Account actor, Status target, boolean reply, String interactionUri) {
    if (!target.local()) {
      return Future.succeededFuture(true);
    }
    Future<Verdict> verdict = reply ? InteractionPolicies.reply(pool, target, actor.id())
        : InteractionPolicies.share(pool, target, actor.id());
    return verdict.compose(judged -> {
      if (judged == Verdict.OPEN) {
        return Future.succeededFuture(true);
      }
      return accounts.byId(target.accountId()).map(Optional::orElseThrow).compose(author ->
          pool.withTransaction(tx -> judged == Verdict.REFUSED
              ? reject(tx, author, actor, target, interactionUri)
              : approve(tx, author, actor, target, interactionUri)));
    });
  }

  /** Reject to the actor: the interaction is not kept. */
  private Future<Boolean> reject(SqlClient tx, Account author, Account actor, Status target,
      String interactionUri) {
    Activity reject = answer(author.uri() + "#rejects/" + UUID.randomUUID(), "Reject", author,
        actor.uri(), interactionUri, target);
    return publisher.publish(tx, author.id(), reject, List.of(actor.inboxUrl())).map(false);
  }

  /** The approval stored and Accept to the actor: the interaction is kept. */
  private Future<Boolean> approve(SqlClient tx, Account author, Account actor, Status target,
      String interactionUri) {
    return InteractionStore.approve(tx, target.id(), interactionUri, actor.id())
        .compose(id -> {
          Activity accept = answer(approvalUri(author, id), "Accept", author, actor.uri(),
              interactionUri, target);
          return publisher.publish(tx, author.id(), accept, List.of(actor.inboxUrl()));
        }).map(true);
  }

  /** An Accept we sent, with the post it concerns (whose audience may read it). */
  public record Approval(Status target, Activity accept) {}

  /** The Accept with id {@code id} that {@code author} sent, if it is theirs and its post stands. */
  public Future<Optional<Approval>> approval(Account author, long id) {
    return InteractionStore.approval(pool, id, author.id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      InteractionStore.StoredApproval stored = found.get();
      return statuses.byId(stored.statusId()).map(status -> status.filter(t -> !t.isDeleted())
          .map(target -> new Approval(target, answer(approvalUri(author, id), "Accept", author,
              stored.actorUri(), stored.interactionUri(), target))));
    });
  }

  static String approvalUri(Account author, long id) {
    return author.uri() + "/approvals/" + id;
  }

  /** Accept or Reject of an interaction, to its actor alone, naming the post it touched. */
  private static Activity answer(String id, String type, Account author, String actorUri, String interactionUri,
      Status target) {
    return Activity.builder(id, type, author.uri()).to(List.of(actorUri)).object(interactionUri)
        .target(target.uri()).build();
  }
}
