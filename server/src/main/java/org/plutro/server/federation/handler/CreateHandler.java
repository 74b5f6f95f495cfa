package org.plutro.server.federation.handler;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.StatusStore;

import io.vertx.core.Future;
import org.plutro.federation.vocab.Note;
import org.plutro.server.service.PollService;
import org.plutro.server.federation.remote.RemotePosts;

/**
 * Create of a Note (or Article, Page, Question): stored as the actor's post. The object must be
 * embedded, attributed to the actor and on the actor's origin; anything else is not trusted.
 * Its mentions and hashtags are kept, and mentioned local members notified. A reply to one of our
 * posts passes the post's interaction policy first ({@link InteractionGate}).
 */
public final class CreateHandler implements ActivityHandler {
  private final Uris uris;
  private final StatusStore statuses;
  private final PollService polls;
  private final InteractionGate gate;
  private final RemotePosts remotePosts;

  public CreateHandler(Uris uris, StatusStore statuses, PollService polls, InteractionGate gate,
      RemotePosts remotePosts) {
    this.uris = uris;
    this.statuses = statuses;
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
        : admitted(inbound, note).compose(admitted -> !admitted ? Future.succeededFuture()
            : remotePosts.store(note, inbound.actor(), true).mapEmpty()));
  }

  /** A reply to one of our posts must be one its author allows. */
  private Future<Boolean> admitted(Inbound inbound, Note note) {
    String parent = note.inReplyToId().orElse(null);
    if (parent == null || !uris.isLocal(parent)) {
      return Future.succeededFuture(true);
    }
    return statuses.byUri(parent).compose(found -> found.isEmpty() ? Future.succeededFuture(true)
        : gate.admit(inbound.actor(), found.get(), true, note.id()));
  }
}
