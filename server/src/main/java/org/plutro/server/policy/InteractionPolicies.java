package org.plutro.server.policy;

import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.plutro.federation.vocab.InteractionPolicy.Rule;
import org.plutro.federation.vocab.Vocab;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.store.InteractionStore;

/**
 * Who may reply to or share a post, checked the same way for our members and for remote actors,
 * published in GoToSocial's {@code interactionPolicy} shape so that peers which honour it hold
 * back what our member refused, and read from remote posts so that our members honour theirs.
 */
public final class InteractionPolicies {
  /** What an interaction gets: allowed as anyone's, allowed because of who the actor is, or refused. */
  public enum Verdict {
    OPEN, APPROVED, REFUSED;

    public boolean allowed() {
      return this != REFUSED;
    }
  }

  private InteractionPolicies() {}

  /** May {@code actorId} reply to {@code parent}? */
  public static Future<Verdict> reply(SqlClient client, Status parent, long actorId) {
    return judge(client, parent, actorId, parent.policy().replies(), true);
  }

  /** May {@code actorId} share {@code target}? */
  public static Future<Verdict> share(SqlClient client, Status target, long actorId) {
    return judge(client, target, actorId, target.policy().shares(), false);
  }

  /**
   * May {@code actorId} quote {@code quoted}? Only a public or unlisted post can be quoted by
   * anyone but its author, as in Mastodon.
   */
  public static Future<Verdict> quote(SqlClient client, Status quoted, long actorId) {
    return judge(client, quoted, actorId, quotes(quoted), false);
  }

  /** Who may quote the post: its policy, and nobody but the author for a private or direct one. */
  public static Who quotes(Status status) {
    return status.visibility().isPubliclyReadable() ? status.policy().quotes() : Who.NOBODY;
  }

  private static Future<Verdict> judge(SqlClient client, Status status, long actorId, Who who,
      boolean mentionedMay) {
    if (actorId == status.accountId() || who == Who.EVERYONE) {
      return Future.succeededFuture(Verdict.OPEN);
    }
    return InteractionStore.relation(client, actorId, status.accountId(), status.id())
        .map(relation -> {
          boolean allowed = (mentionedMay && relation.mentioned())
              || (who == Who.FOLLOWERS && relation.follows());
          return allowed ? Verdict.APPROVED : Verdict.REFUSED;
        });
  }

  /**
   * A remote post's policy as our members are held to it: {@code Public} among the automatically
   * approved is everyone, the author's followers collection is followers, anything narrower is
   * nobody (we do not ask for manual approval, so what needs it is refused here). No policy, or an
   * empty sub-policy, is everyone; but quotes (FEP-044f) are allowed only where {@code canQuote}
   * says so, as Mastodon reads it.
   */
  public static InteractionPolicy read(org.plutro.federation.vocab.InteractionPolicy policy, Account author) {
    if (policy == null) {
      return InteractionPolicy.OPEN.withQuotes(Who.NOBODY);
    }
    return new InteractionPolicy(who(policy.canReply(), author), who(policy.canAnnounce(), author),
        policy.canQuote() == null ? Who.NOBODY : who(policy.canQuote(), author));
  }

  /**
   * Who a member's own Note, posted by a client (ActivityPub C2S), lets quote it: its
   * {@code canQuote} read as a peer's would be; null when the Note does not say.
   */
  public static Who quotesAsked(org.plutro.federation.vocab.InteractionPolicy policy, Account author) {
    return policy == null || policy.canQuote() == null ? null : who(policy.canQuote(), author);
  }

  private static Who who(Rule rule, Account author) {
    if (rule == null) {
      return Who.EVERYONE;
    }
    List<String> automatic = rule.automatic();
    if (automatic.stream().anyMatch(Vocab::isPublic)) {
      return Who.EVERYONE;
    }
    return automatic.contains(author.followersUrl()) ? Who.FOLLOWERS : Who.NOBODY;
  }

  public static ServiceException refusal(boolean reply) {
    return ServiceException.forbidden(reply ? "The author does not take replies from you on this post"
        : "The author does not let you share this post");
  }

  /**
   * The post's {@code interactionPolicy}: who may like (anyone who sees it), reply and share,
   * written with both GoToSocial's older ({@code always}) and current ({@code automaticApproval})
   * names ({@link Rule#of}). The author and, for replies, the mentioned are always listed.
   */
  public static org.plutro.federation.vocab.InteractionPolicy document(Status status, Account author,
      Collection<Account> mentioned) {
    InteractionPolicy policy = status.policy();
    // A followers-only or direct post is shared by nobody but its author, whatever the policy.
    Who shares = status.visibility().isPubliclyReadable() ? policy.shares() : Who.NOBODY;
    // canQuote as Mastodon writes it: automatic approval only, the author alone for nobody.
    Rule quotes = new Rule(audience(quotes(status), author, List.of()), List.of(), List.of(), List.of());
    return new org.plutro.federation.vocab.InteractionPolicy(Rule.of(List.of(Visibility.AS_PUBLIC)),
        Rule.of(audience(policy.replies(), author, mentioned)), Rule.of(audience(shares, author, List.of())),
        quotes, null);
  }

  private static List<String> audience(Who who, Account author, Collection<Account> mentioned) {
    if (who == Who.EVERYONE) {
      return List.of(Visibility.AS_PUBLIC);
    }
    Set<String> uris = new LinkedHashSet<>();
    uris.add(author.uri());
    if (who == Who.FOLLOWERS) {
      uris.add(author.followersUrl());
    }
    mentioned.forEach(account -> uris.add(account.uri()));
    return List.copyOf(uris);
  }

  /**
   * The API's {@code interaction_policy} (GoToSocial's Status field): {@code public},
   * {@code followers}, {@code mentioned} and {@code author} as the audiences.
   */
  public static JsonObject entity(Status status) {
    InteractionPolicy policy = status.policy();
    Who shares = status.visibility().isPubliclyReadable() ? policy.shares() : Who.NOBODY;
    return new JsonObject()
        .put("can_favourite", apiSubPolicy(List.of("public")))
        .put("can_reply", apiSubPolicy(apiAudience(policy.replies(), true)))
        .put("can_reblog", apiSubPolicy(apiAudience(shares, false)));
  }

  private static List<String> apiAudience(Who who, boolean withMentioned) {
    return switch (who) {
      case EVERYONE -> List.of("public");
      case FOLLOWERS -> withMentioned ? List.of("author", "followers", "mentioned") : List.of("author", "followers");
      case NOBODY -> withMentioned ? List.of("author", "mentioned") : List.of("author");
    };
  }

  private static JsonObject apiSubPolicy(List<String> automatic) {
    return new JsonObject().put("automatic_approval", new JsonArray(automatic))
        .put("always", new JsonArray(automatic))
        .put("manual_approval", new JsonArray()).put("with_approval", new JsonArray());
  }
}
