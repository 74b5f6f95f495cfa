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
  private final StatusStore statuses;
  private final Publisher publisher;

  public InteractionGate(Pool pool, StatusStore statuses, Publisher publisher) {
    this.pool = pool;
    this.statuses = statuses;
    this.publisher = publisher;
  }

  /** Answers whether the interaction {@code interactionUri} by {@code actor} may be kept. */
  public Future<Boolean> admit(Account actor, Status target, boolean reply, String interactionUri) {
    return judge(pool, actor, target, reply).compose(judged -> judged == Verdict.OPEN
        ? Future.succeededFuture(true)
        : pool.withTransaction(tx -> answer(tx, judged, actor, target, interactionUri)));
  }

  /**
   * The same in the caller's transaction {@code tx}, the one that stores the interaction: its
   * answer (an approval, an Accept or a Reject to send) is stored with it or not at all.
   */
  public Future<Boolean> admit(SqlClient tx, Account actor, Status target, boolean reply,
      String interactionUri) {
    return judge(tx, actor, target, reply).compose(judged -> judged == Verdict.OPEN
        ? Future.succeededFuture(true) : answer(tx, judged, actor, target, interactionUri));
  }

  /** Open (no answer to send) for everyone's interactions with a post that is not ours. */
  private static Future<Verdict> judge(SqlClient client, Account actor, Status target, boolean reply) {
    if (!target.local()) {
      return Future.succeededFuture(Verdict.OPEN);
    }
    return reply ? InteractionPolicies.reply(client, target, actor.id())
        : InteractionPolicies.share(client, target, actor.id());
  }

  private Future<Boolean> answer(SqlClient tx, Verdict judged, Account actor, Status target,
      String interactionUri) {
    return AccountStore.byId(tx, target.accountId()).map(Optional::orElseThrow)
        .compose(author -> judged == Verdict.REFUSED
            ? reject(tx, author, actor, target, interactionUri)
            : approve(tx, author, actor, target, interactionUri));
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
