package org.plutro.server.federation.mapper;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.OtherObject;
import org.plutro.server.domain.Account;
import org.plutro.server.store.QuoteStore.Quote;

/**
 * FEP-044f's documents as Mastodon 4.5 writes them: the {@code QuoteRequest} our member sends to
 * the quoted author, the {@code Accept} (its {@code result} the stamp) or {@code Reject} we answer
 * one with, and the {@code QuoteAuthorization} stamp itself, served at its own id.
 */
public final class QuoteDocuments {
  private QuoteDocuments() {}

  /** The id of the stamp {@code quotedAuthor} gives the quote that is the post {@code quoteStatusId}. */
  public static String authorizationUri(Account quotedAuthor, long quoteStatusId) {
    return quotedAuthor.uri() + "/quote_authorizations/" + quoteStatusId;
  }

  /** The note with its quote, as Mastodon writes it: the stamp only once there is one. */
  public static Note withQuote(Note note, Quote quote) {
    if (quote == null) {
      return note;
    }
    return note.toBuilder().quote(quote.quotedUri())
        .quoteAuthorization(quote.accepted() ? quote.authorizationUri() : null).build();
  }

  /** Our member asks {@code quotedAuthorUri} to let the note quote {@code quotedUri}. */
  public static Activity request(String requestUri, Account author, String quotedAuthorUri,
      String quotedUri, Note instrument) {
    return Activity.builder(requestUri, "QuoteRequest", author.uri()).object(quotedUri)
        .to(List.of(quotedAuthorUri)).extra("instrument", instrument.toJsonEmbedded()).build();
  }

  /** The stamp: {@code quotedAuthor} lets {@code quotingUri} quote {@code quotedUri}. */
  public static JsonObject authorization(String id, Account quotedAuthor, String quotingUri,
      String quotedUri) {
    return new OtherObject(id, List.of("QuoteAuthorization"), new JsonObject()
        .put("attributedTo", quotedAuthor.uri()).put("interactingObject", quotingUri)
        .put("interactionTarget", quotedUri)).toJson();
  }

  /** Accept of a QuoteRequest, the stamp as its {@code result}. */
  public static Activity accept(Account quotedAuthor, long quoteStatusId, Activity request,
      String requesterUri) {
    return Activity.builder(quotedAuthor.uri() + "#accepts/quote_requests/" + quoteStatusId, "Accept",
            quotedAuthor.uri())
        .object(echo(request)).to(List.of(requesterUri))
        .extra("result", authorizationUri(quotedAuthor, quoteStatusId)).build();
  }

  /** Reject of a QuoteRequest. */
  public static Activity reject(Account quotedAuthor, Activity request, String requesterUri) {
    return Activity.builder(quotedAuthor.uri() + "#rejects/quote_requests/"
            + Integer.toHexString(request.id().hashCode()), "Reject", quotedAuthor.uri())
        .object(echo(request)).to(List.of(requesterUri)).build();
  }

  /** Delete of a stamp: {@code quotedAuthor} withdraws it (FEP-044f revocation). */
  public static Activity revocation(Account quotedAuthor, String stamp, String quoterUri) {
    return Activity.builder(stamp + "#delete", "Delete", quotedAuthor.uri()).object(stamp)
        .to(List.of(quoterUri)).build();
  }

  /** The request as Mastodon echoes it in its answer: id, type, actor, object, instrument's id. */
  private static Activity echo(Activity request) {
    Object instrument = request.extra().getValue("instrument");
    String instrumentId = instrument instanceof JsonObject object ? object.getString("id")
        : instrument instanceof String id ? id : null;
    return Activity.builder(request.id(), "QuoteRequest", request.actorId()).object(request.objectId())
        .extra("instrument", instrumentId).build();
  }
}
