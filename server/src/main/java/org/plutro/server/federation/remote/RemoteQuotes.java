package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Objects;
import java.util.Optional;
import org.plutro.federation.vocab.Note;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.json.Refs;
import org.plutro.server.federation.mapper.QuoteDocuments;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.QuoteStore;
import org.plutro.server.store.QuoteStore.Quote;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/**
 * The quote a remote post makes (FEP-044f), kept with its state as Mastodon's
 * {@code VerifyQuoteService} decides it: the quoted post is fetched if we do not hold it; a quote
 * of its author's own post is accepted; a quote of one of our posts is judged by its policy (we
 * are the authority); any other is accepted only with a valid stamp ({@code quoteAuthorization},
 * fetched: a {@code QuoteAuthorization} on the quoted author's origin, by the quoted author, naming
 * this post and the quoted one), or when the quoted post lets everyone quote it; else pending.
 * {@link RemotePosts} calls it for every remote post it stores or edits, however the post came.
 */
public final class RemoteQuotes {
  private static final String STAMP_TYPE = "https://w3id.org/fep/044f#QuoteAuthorization";
  private final Pool pool;
  private final Uris uris;
  private final StatusStore statuses;
  private final DocumentFetcher fetcher;

  /**
   * How a quoted post we do not hold is had (fetched and stored); null where it is not fetched: a
   * post fetched because it is quoted does not fetch what it quotes in turn (no chain without end).
   */
  @FunctionalInterface
  public interface QuotedFetch {
    Future<Optional<Status>> fetch(String uri);
  }

  public RemoteQuotes(Pool pool, Uris uris, StatusStore statuses, DocumentFetcher fetcher) {
    this.pool = pool;
    this.uris = uris;
    this.statuses = statuses;
    this.fetcher = fetcher;
  }

  /** Keeps the quote that the Note by {@code author}, stored as {@code statusId}, makes (if any). */
  public Future<Void> receive(long statusId, Note note, Account author, QuotedFetch fetch) {
    String quotedUri = quotedUri(note);
    if (quotedUri == null) {
      return Future.succeededFuture();
    }
    return judge(statusId, note, author, fetch).compose(quote -> QuoteStore.insert(pool, quote))
        .compose(done -> QuoteStore.notifyQuoted(pool, statusId));
  }

  /**
   * The quote of the remote post {@code status} after its author's edit (Mastodon's
   * {@code ProcessStatusUpdateService#update_quote!}): a quote added or changed (another quoted
   * post, or another stamp) is judged afresh; one taken away is gone; one unchanged stays as it is.
   */
  public Future<Void> edited(Status status, Note note, Account author, QuotedFetch fetch) {
    String quotedUri = quotedUri(note);
    return QuoteStore.byStatus(pool, status.id()).compose(held -> {
      if (quotedUri == null) {
        return held.isPresent() ? QuoteStore.delete(pool, status.id()) : Future.succeededFuture();
      }
      if (held.isPresent() && held.get().quotedUri().equals(quotedUri)
          && Objects.equals(note.quoteAuthorization(), held.get().authorizationUri())
          && !"pending".equals(held.get().state())) {
        return Future.succeededFuture();
      }
      return judge(status.id(), note, author, fetch).compose(quote -> QuoteStore.replace(pool, quote))
          .compose(done -> QuoteStore.notifyQuoted(pool, status.id()));
    });
  }

  /** The post the Note quotes; null when it quotes none (or itself). */
  private static String quotedUri(Note note) {
    String quotedUri = note.quoteId().orElse(null);
    return quotedUri == null || quotedUri.equals(note.id()) ? null : quotedUri;
  }

  private Future<Quote> judge(long statusId, Note note, Account author, QuotedFetch fetch) {
    return quoted(quotedUri(note), fetch).compose(quoted -> state(statusId, note, author, quoted));
  }

  /** The quoted post, fetched when we do not hold it (and may fetch); empty when it cannot be had. */
  private Future<Optional<Status>> quoted(String uri, QuotedFetch fetch) {
    return statuses.byUri(uri).compose(held -> held.isPresent() || uris.isLocal(uri) || fetch == null
        ? Future.succeededFuture(held)
        : fetch.fetch(uri).otherwise(Optional.empty()));
  }

  private Future<Quote> state(long statusId, Note note, Account author, Optional<Status> found) {
    String quotedUri = note.quoteId().orElseThrow();
    Status quoted = found.filter(s -> !s.isDeleted() && s.reblogOfId() == null).orElse(null);
    if (quoted == null) {
      return Future.succeededFuture(quote(statusId, quotedUri, null, "pending", null));
    }
    if (quoted.accountId() == author.id()) {
      return Future.succeededFuture(quote(statusId, quotedUri, quoted.id(), "accepted", null));
    }
    if (quoted.local()) {
      return InteractionPolicies.quote(pool, quoted, author.id()).compose(verdict -> !verdict.allowed()
          ? Future.succeededFuture(quote(statusId, quotedUri, quoted.id(), "rejected", null))
          : AccountStore.byId(pool, quoted.accountId()).map(quotedAuthor -> quote(statusId, quotedUri,
              quoted.id(), "accepted", QuoteDocuments.authorizationUri(quotedAuthor.orElseThrow(), statusId))));
    }
    String stamp = note.quoteAuthorization();
    if (stamp == null) {
      String state = InteractionPolicies.quotes(quoted) == Who.EVERYONE ? "accepted" : "pending";
      return Future.succeededFuture(quote(statusId, quotedUri, quoted.id(), state, null));
    }
    return AccountStore.byId(pool, quoted.accountId())
        .compose(quotedAuthor -> verified(stamp, note.id(), quoted, quotedAuthor.orElseThrow()))
        .map(valid -> quote(statusId, quotedUri, quoted.id(), valid ? "accepted" : "pending",
            valid ? stamp : null));
  }

  /** Whether the stamp at {@code stamp} lets {@code quotingUri} quote {@code quoted}. */
  private Future<Boolean> verified(String stamp, String quotingUri, Status quoted, Account quotedAuthor) {
    if (!Refs.sameOrigin(stamp, quotedAuthor.uri())) {
      return Future.succeededFuture(false);
    }
    return fetcher.fetch(stamp).map(document -> isStamp(document, stamp, quotingUri, quoted, quotedAuthor))
        .otherwise(false);
  }

  static boolean isStamp(JsonObject document, String stamp, String quotingUri, Status quoted,
      Account quotedAuthor) {
    return Refs.ids(document.getValue("type")).stream().anyMatch(RemoteQuotes::isStampType)
        && stamp.equals(document.getString("id"))
        && Refs.ids(document.getValue("attributedTo")).equals(java.util.List.of(quotedAuthor.uri()))
        && Refs.ids(document.getValue("interactingObject")).equals(java.util.List.of(quotingUri))
        && Refs.ids(document.getValue("interactionTarget")).equals(java.util.List.of(quoted.uri()));
  }

  /**
   * FEP-044f's type, however it came out of the normaliser: Mastodon's stamp names
   * {@code QuoteAuthorization} without defining it in its context (as Mastodon reads it, by name).
   */
  private static boolean isStampType(String type) {
    return type.equals("QuoteAuthorization") || type.equals(STAMP_TYPE) || type.endsWith(":QuoteAuthorization");
  }

  private static Quote quote(long statusId, String quotedUri, Long quotedId, String state, String stamp) {
    return new Quote(statusId, quotedUri, quotedId, state, stamp, null);
  }
}
