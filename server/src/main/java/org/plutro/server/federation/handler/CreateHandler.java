package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.plutro.server.AppContext;
import org.plutro.server.service.PollService;
import org.plutro.server.federation.remote.RemotePosts;

/**
 * Create of a Note (or Article, Page, Question): stored as the actor's post. The object must be
 * embedded, attributed to the actor and on the actor's origin; anything else is not trusted.
 * Its mentions and hashtags are kept, and mentioned local members notified.
 */
public final class CreateHandler implements ActivityHandler {
  public static final Set<String> POST_TYPES = RemotePosts.POST_TYPES;
  private final AppContext app;
  private final PollService polls;

  public CreateHandler(AppContext app) {
    this.app = app;
    this.polls = new PollService(app);
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    JsonObject object = inbound.embeddedObject();
    if (object == null || !POST_TYPES.contains(Inbound.typeOf(object))) {
      return Future.succeededFuture();
    }
    String id = object.getString("id");
    if (!inbound.sameOriginAsActor(id)
        || !inbound.actor().uri().equals(Inbound.idOf(object.getValue("attributedTo")))) {
      return Future.succeededFuture();
    }
    // A vote on one of our polls is counted, not stored as a post.
    return polls.receiveVote(inbound.actor(), object).compose(vote -> vote ? Future.succeededFuture()
        : RemotePosts.store(app, object, inbound.actor(), true).mapEmpty());
  }
}
