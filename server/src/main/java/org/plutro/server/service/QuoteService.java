package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Note;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.json.Refs;
import org.plutro.server.federation.mapper.QuoteDocuments;
import org.plutro.server.federation.remote.RemotePosts;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.QuoteStore;
import org.plutro.server.store.QuoteStore.Quote;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.federation.mapper.NoteDocument;
import org.plutro.server.uri.Uris;

/**
 * Quote posts (FEP-044f) as Mastodon 4.5 does them. Our member quotes a post they may see and may
 * quote: one of ours is approved by its policy at once; a remote one gets a {@code QuoteRequest}
 * and stays pending until its author's server answers with an {@code Accept} carrying the stamp
 * ({@code QuoteAuthorization}), or a {@code Reject}. A remote actor's {@code QuoteRequest} for
 * one of our members' posts is answered by the post's policy, with a stamp we serve at its own id.
 */
public final class QuoteService {
  private final Pool pool;
  private final StatusStore statuses;
  private final AccountStore accounts;
  private final StatusVisibility visibility;
  private final Publisher publisher;
  private final RemotePosts remotePosts;
  private final Uris uris;

  public QuoteService(Pool pool, StatusStore statuses, AccountStore accounts,
      StatusVisibility visibility, Publisher publisher, RemotePosts remotePosts,
      Uris uris) {
    this.uris = uris;
    this.pool = pool;
    this.statuses = statuses;
    this.accounts = accounts;
    this.visibility = visibility;
    this.publisher = publisher;
    this.remotePosts = remotePosts;
  }

  /** The API's {@code quote_approval_policy}; null or blank is everyone ({@code public}). */
  public static Who policy(String value) {
    if (value == null || value.isBlank()) {
      return Who.EVERYONE;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "public" -> Who.EVERYONE;
      case "followers" -> Who.FOLLOWERS;
      case "nobody" -> Who.NOBODY;
      default -> throw new ValidationErrors()
          .add("quote_approval_policy", "ERR_INCLUSION", "is not included in the list").toException();
    };
  }

  /**
   * The post {@code quotedStatusId} that {@code author} asks to quote (null for none), once they
   * may see it and its policy does not refuse them.
   */
  public Future<Status> target(Account author, String quotedStatusId) {
    if (quotedStatusId == null || quotedStatusId.isBlank()) {
      return Future.succeededFuture(null);
    }
    long id;
    try {
      id = Long.parseLong(quotedStatusId.strip());
    } catch (NumberFormatException e) {
      return Future.failedFuture(ServiceException.notFound("Record not found"));
    }
    return statuses.byId(id).compose(found -> {
      Status quoted = found.filter(s -> !s.isDeleted()).orElse(null);
      if (quoted == null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return visibility.maySee(Optional.of(author), quoted).compose(seen -> {
        if (!seen) {
          return Future.failedFuture(ServiceException.notFound("Record not found"));
        }
        if (quoted.reblogOfId() != null) {
          return Future.failedFuture(ServiceException.unprocessable("A boost cannot be quoted"));
        }
        return InteractionPolicies.quote(pool, quoted, author.id()).compose(verdict -> verdict.allowed()
            ? Future.succeededFuture(quoted)
            : Future.failedFuture(ServiceException.forbidden("The author does not let you quote this post")));
      });
    });
  }

  /**
   * In the transaction that stores {@code post}: who may quote it, and the quote it makes of
   * {@code quoted} (if any), accepted at once unless the quoted post is remote and not the
   * author's own. Answers the quote, or null.
   */
  public static Future<Quote> record(SqlClient tx, Status post, Account author, Status quoted, Who policy) {
    Future<Void> policed = policy == Who.EVERYONE ? Future.succeededFuture()
        : QuoteStore.policy(tx, post.id(), policy);
    if (quoted == null) {
      return policed.map((Quote) null);
    }
    boolean own = quoted.accountId() == author.id();
    Future<Quote> quote = quoted.local() || own
        ? AccountStore.byId(tx, quoted.accountId()).map(quotedAuthor -> new Quote(post.id(), quoted.uri(),
            quoted.id(), "accepted", own ? null : QuoteDocuments.authorizationUri(quotedAuthor.orElseThrow(),
                post.id()), null))
        : Future.succeededFuture(new Quote(post.id(), quoted.uri(), quoted.id(), "pending", null,
            author.uri() + "/quote_requests/" + UUID.randomUUID()));
    return policed.compose(done -> quote).compose(made -> QuoteStore.insert(tx, made)
        .compose(done -> QuoteStore.notifyQuoted(tx, post.id())).map(made));
  }

  /** Queues the QuoteRequest for a pending quote, with the quoting note, to the quoted author. */
  public Future<Void> request(SqlClient tx, Account author, Quote quote, Note note) {
    if (quote == null || quote.requestUri() == null) {
      return Future.succeededFuture();
    }
    return statuses.byId(quote.quotedStatusId()).compose(quoted -> AccountStore.byId(tx, quoted.orElseThrow().accountId()))
        .compose(found -> {
          Account quotedAuthor = found.orElseThrow();
          Activity request = QuoteDocuments.request(quote.requestUri(), author, quotedAuthor.uri(),
              quote.quotedUri(), note);
          return publisher.publish(tx, author.id(), request, List.of(quotedAuthor.inboxUrl()));
        });
  }

  /**
   * An Accept or Reject from {@code actor} of our QuoteRequest {@code requestUri}; false when it
   * answers none of ours (it is something else's answer). An Accept's {@code result} is the stamp.
   */
  public Future<Boolean> answered(Account actor, String requestUri, boolean accepted, String stamp) {
    if (requestUri == null) {
      return Future.succeededFuture(false);
    }
    return QuoteStore.byRequest(pool, requestUri).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      Quote quote = found.get();
      return statuses.byId(quote.quotedStatusId()).compose(quoted -> {
        // Only the quoted author answers for the quoted post, with a stamp on their origin.
        if (quoted.isEmpty() || quoted.get().accountId() != actor.id()) {
          return Future.succeededFuture(true);
        }
        if (!accepted) {
          return QuoteStore.reject(pool, quote.statusId()).map(true);
        }
        return stamp == null || !Refs.sameOrigin(stamp, actor.uri()) ? Future.succeededFuture(true)
            : QuoteStore.accept(pool, quote.statusId(), stamp).compose(done -> publishStamp(quote.statusId()))
                .map(true);
      });
    });
  }

  /**
   * Update(Note) of our member's quoting post, now carrying its stamp, to its audience: peers
   * that got it pending can check the stamp and show the quote (as Mastodon redistributes it).
   */
  private Future<Void> publishStamp(long statusId) {
    return statuses.byId(statusId).compose(found -> {
      Status status = found.filter(s -> s.local() && !s.isDeleted()).orElse(null);
      if (status == null) {
        return Future.succeededFuture();
      }
      return accounts.byId(status.accountId()).map(Optional::orElseThrow).compose(author ->
          NoteDocument.load(pool, status, author, uris).compose(note ->
              MentionStore.of(pool, List.of(status.id())).compose(mentions -> pool.withTransaction(tx ->
                  Audience.inboxes(tx, status, author,
                          NoteDocument.typedAndSilent(mentions.getOrDefault(status.id(), List.of())), null, true)
                      .compose(inboxes -> publisher.publish(tx, author.id(), Activity.builder(
                              status.uri() + "#updates/quote-" + System.currentTimeMillis(), "Update", author.uri())
                          .to(status.to()).cc(status.cc()).object(note).build(), inboxes))))));
    });
  }

  /**
   * Our member withdraws the stamp they gave the quote {@code quotingId} of their post
   * {@code quotedId}: the quote is revoked here, and a Delete of the stamp goes to the quoting
   * author's server. Answers the quoting post.
   */
  public Future<Status> revoke(Account member, long quotedId, long quotingId) {
    return statuses.byId(quotedId).compose(quoted -> {
      if (quoted.isEmpty() || quoted.get().accountId() != member.id()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return QuoteStore.byStatus(pool, quotingId).compose(found -> {
        Quote quote = found.filter(q -> Long.valueOf(quotedId).equals(q.quotedStatusId())).orElse(null);
        if (quote == null) {
          return Future.failedFuture(ServiceException.notFound("Record not found"));
        }
        return statuses.byId(quotingId).map(Optional::orElseThrow).compose(quoting ->
            accounts.byId(quoting.accountId()).map(Optional::orElseThrow).compose(quoter ->
                pool.withTransaction(tx -> QuoteStore.reject(tx, quotingId).compose(done ->
                    quoter.isLocal() || quote.authorizationUri() == null ? Future.<Void>succeededFuture()
                        : publisher.publish(tx, member.id(), QuoteDocuments.revocation(member,
                            quote.authorizationUri(), quoter.uri()), List.of(quoter.inboxUrl())))))
                .map(quoting));
      });
    });
  }

  /**
   * A Delete by {@code actor} of the stamp {@code stampUri} they gave a quote of their post: the
   * quote is revoked. False when no quote holds that stamp.
   */
  public Future<Boolean> revoked(Account actor, String stampUri) {
    return QuoteStore.byAuthorization(pool, stampUri).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      Quote quote = found.get();
      return statuses.byId(quote.quotedStatusId()).compose(quoted ->
          quoted.isPresent() && quoted.get().accountId() == actor.id()
              ? QuoteStore.reject(pool, quote.statusId()).map(true) : Future.succeededFuture(true));
    });
  }

  /**
   * A remote actor's QuoteRequest for one of our posts: refused by the post's policy, a Reject;
   * allowed, the quoting post taken in (embedded, or fetched) and an Accept with our stamp.
   */
  public Future<Void> requested(Account actor, Activity request, Note embedded) {
    String quotedUri = request.objectId();
    Object instrument = request.extra().getValue("instrument");
    String instrumentUri = embedded != null ? embedded.id() : Refs.idOf(instrument);
    if (quotedUri == null || instrumentUri == null || !Refs.sameOrigin(request.id(), actor.uri())
        || !Refs.sameOrigin(instrumentUri, actor.uri())) {
      return Future.succeededFuture();
    }
    return statuses.byUri(quotedUri).compose(found -> {
      Status quoted = found.filter(s -> s.local() && !s.isDeleted() && s.reblogOfId() == null).orElse(null);
      if (quoted == null) {
        return Future.succeededFuture();
      }
      return accounts.byId(quoted.accountId()).map(Optional::orElseThrow).compose(author ->
          InteractionPolicies.quote(pool, quoted, actor.id()).compose(verdict -> verdict.allowed()
              ? accept(actor, request, embedded, instrumentUri, quoted, author)
              : pool.withTransaction(tx -> publisher.publish(tx, author.id(),
                  QuoteDocuments.reject(author, request, actor.uri()), List.of(actor.inboxUrl())))));
    });
  }

  private Future<Void> accept(Account actor, Activity request, Note embedded, String instrumentUri,
      Status quoted, Account author) {
    Future<Optional<Status>> quoting = statuses.byUri(instrumentUri).compose(held -> {
      if (held.isPresent()) {
        return Future.succeededFuture(held);
      }
      Future<?> stored = embedded != null && actor.uri().equals(RemotePosts.authorOf(embedded))
          ? remotePosts.store(embedded, actor, true, null)
          // Stored with its quote as the post says; the accepted one is written below.
          : remotePosts.fetch(instrumentUri);
      return stored.compose(done -> statuses.byUri(instrumentUri));
    });
    return quoting.compose(found -> {
      Status status = found.orElse(null);
      if (status == null || status.accountId() != actor.id()) {
        return Future.succeededFuture();
      }
      String stamp = QuoteDocuments.authorizationUri(author, status.id());
      Quote accepted = new Quote(status.id(), quoted.uri(), quoted.id(), "accepted", stamp, request.id());
      return pool.withTransaction(tx -> QuoteStore.byStatus(tx, status.id()).compose(quote -> {
        if (quote.isPresent() && !quote.get().quotedUri().equals(quoted.uri())) {
          return Future.succeededFuture();
        }
        Future<Void> kept = quote.isPresent() ? QuoteStore.accept(tx, status.id(), stamp)
            : QuoteStore.insert(tx, accepted);
        return kept.compose(done -> QuoteStore.notifyQuoted(tx, status.id()))
            .compose(done -> publisher.publish(tx, author.id(),
            QuoteDocuments.accept(author, status.id(), request, actor.uri()), List.of(actor.inboxUrl())));
      }));
    });
  }

  /** The stamp {@code author} gave the quote that is the post {@code quoteStatusId}, if they gave it. */
  public Future<Optional<JsonObject>> authorization(Account author, long quoteStatusId) {
    return QuoteStore.byStatus(pool, quoteStatusId).compose(found -> {
      Quote quote = found.filter(Quote::accepted)
          .filter(q -> QuoteDocuments.authorizationUri(author, quoteStatusId).equals(q.authorizationUri()))
          .orElse(null);
      if (quote == null) {
        return Future.succeededFuture(Optional.<JsonObject>empty());
      }
      return statuses.byId(quoteStatusId).map(quoting -> quoting.filter(s -> !s.isDeleted())
          .map(s -> QuoteDocuments.authorization(quote.authorizationUri(), author, s.uri(), quote.quotedUri())));
    });
  }

  /**
   * The accepted quotes of the member's own post {@code statusId} that they may see, newest
   * first; as in Mastodon, only its author may list them.
   */
  public Future<List<Long>> quotesOf(Account member, long statusId, Page page) {
    return statuses.byId(statusId).compose(found -> found.isEmpty() || found.get().accountId() != member.id()
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : QuoteStore.quotesOf(pool, statusId, member.id(), page));
  }
}
