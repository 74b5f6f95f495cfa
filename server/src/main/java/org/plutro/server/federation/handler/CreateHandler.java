package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.federation.vocab.Note;
import org.plutro.server.service.PollService;
import org.plutro.server.federation.remote.RemotePosts;

/**
 * Create of a Note (or Article, Page, Question): stored as the actor's post. The object must be
 * embedded, attributed to the actor and on the actor's origin; anything else is not trusted.
 * Its mentions and hashtags are kept, and mentioned local members notified. A reply to one of our
 * posts passes the post's interaction policy first ({@link InteractionGate}), in the transaction
 * that stores it. A quote of another post is kept with its state (by {@link RemotePosts}).
 */
public final class CreateHandler implements ActivityHandler {
  private final PollService polls;
  private final InteractionGate gate;
  private final RemotePosts remotePosts;

  public CreateHandler(PollService polls, InteractionGate gate, RemotePosts remotePosts) {
    this.polls = polls;
    this.gate = gate;
    this.remotePosts = remotePosts;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    Note note = inbound.embeddedNote().filter(RemotePosts::isPost).orElse(null);
    if (note == null || !inbound.sameOriginAsActor(note.id())
        || !inbound.actor().uri().equals(RemotePosts.authorOf(note))) {
      return Future.succeededFuture();
    }
    // A vote on one of our polls is counted, not stored as a post.
    return polls.receiveVote(inbound.actor(), note).compose(vote -> vote ? Future.succeededFuture()
        : remotePosts.store(note, inbound.actor(), true,
            (tx, parent) -> gate.admit(tx, inbound.actor(), parent, true, note.id())).mapEmpty());
  }
}
