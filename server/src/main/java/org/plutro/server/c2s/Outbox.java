package org.plutro.server.c2s;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.FollowService;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.service.BlockService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OwnActivityStore;

/**
 * Activities a member POSTs to their outbox (ActivityPub client-to-server, section 6): a bare
 * Note is wrapped in a Create, as the specification asks; the server assigns every id.
 */
public final class Outbox {
  private final Map<String, ClientActivity> activities;

  public Outbox(Uris uris, LocalAccounts localAccounts, RemoteActors remoteActors, RemoteStatuses remoteStatuses,
      StatusStore statuses, StatusVisibility statusVisibility, MediaStore media, OwnActivityStore own,
      StatusService statusService, FollowService followService, BlockService blocks,
      InteractionService interactions) {
    Targets targets = new Targets(uris, localAccounts, remoteActors, remoteStatuses, statuses, statusVisibility);
    this.activities = Map.of(
        "Block", new BlockActor(targets, blocks, own),
        "Create", new CreateNote(targets, statusService),
        "Update", new UpdateNote(targets, media, statusService),
        "Delete", new DeleteNote(targets, statusService),
        "Follow", new FollowActor(targets, followService),
        "Like", new LikeNote(targets, interactions, own),
        "Announce", new AnnounceNote(targets, interactions),
        "Undo", new UndoActivity(targets, statuses, followService, interactions, own, blocks));
  }

  /** The activity the body asks for, its type known; 422 for anything else. */
  public Future<JsonObject> read(JsonObject body) {
    String type = Refs.typeOf(body);
    if (NoteDraft.NOTE.equals(type)) {
      JsonObject note = body.copy();
      Object context = note.remove("@context");
      JsonObject create = new JsonObject().put("type", "Create").put("object", note);
      if (context != null) {
        create.put("@context", context);
      }
      for (String field : new String[] {"to", "cc"}) {
        if (note.containsKey(field)) {
          create.put(field, note.getValue(field));
        }
      }
      return Future.succeededFuture(create);
    }
    if (type == null || !activities.containsKey(type)) {
      return Future.failedFuture(ServiceException.unprocessable("type: " + type
          + " cannot be posted here; accepted: Note, " + String.join(", ", activities.keySet())));
    }
    return Future.succeededFuture(body);
  }

  /** The scopes of which the token needs one for this (already read) activity. */
  public String[] scopes(JsonObject activity) {
    return activities.get(Refs.typeOf(activity)).scopes();
  }

  /** Applies the activity as {@code member}; answers the id of the activity sent. */
  public Future<String> post(Account member, JsonObject activity) {
    String actor = Refs.idOf(activity.getValue("actor"));
    if (actor != null && !actor.equals(member.uri())) {
      return Future.failedFuture(ServiceException.forbidden("actor: you can only act as yourself"));
    }
    return activities.get(Refs.typeOf(activity)).apply(member, activity);
  }
}
