package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Vocab;
import org.plutro.federation.vocab.VocabException;
import io.vertx.core.json.JsonObject;
import org.plutro.server.service.QuoteService;

/**
 * QuoteRequest (FEP-044f): a remote actor asks to quote one of our members' posts; the
 * {@code instrument} is their quoting post, embedded or by id. Answered by the post's policy.
 */
public final class QuoteRequestHandler implements ActivityHandler {
  private final QuoteService quotes;

  public QuoteRequestHandler(QuoteService quotes) {
    this.quotes = quotes;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return quotes.requested(inbound.actor(), inbound.activity(), instrument(inbound));
  }

  /** The quoting post when it came embedded and readable; null otherwise (it is then fetched). */
  private static Note instrument(Inbound inbound) {
    if (!(inbound.json().getValue("instrument") instanceof JsonObject embedded)) {
      return null;
    }
    try {
      return Vocab.parse(embedded) instanceof Note note ? note : null;
    } catch (VocabException e) {
      return null;
    }
  }
}
