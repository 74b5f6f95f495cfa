package org.plutro.server.c2s;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.FollowService;
import org.plutro.server.federation.json.JsonLd;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.federation.remote.RemoteActors;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Ref;
import org.plutro.federation.vocab.Vocab;
import org.plutro.federation.vocab.VocabException;
import org.plutro.server.domain.Account;
import org.plutro.server.service.BlockService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OwnActivityStore;
import org.plutro.server.store.UserStore;

/**
 * Activities a member POSTs to their outbox (ActivityPub client-to-server, section 6), read once
 * into the typed vocabulary: a bare Note is wrapped in a Create, as the specification asks; the
 * server assigns every id.
 */
public final class Outbox {
  private final Map<String, ClientActivity> activities;
  private final JsonLd jsonLd;

  public Outbox(Uris uris, LocalAccounts localAccounts, RemoteActors remoteActors, RemoteStatuses remoteStatuses,
      StatusStore statuses, StatusVisibility statusVisibility, MediaStore media, OwnActivityStore own,
      StatusService statusService, FollowService followService, BlockService blocks,
      InteractionService interactions, UserStore users, JsonLd jsonLd) {
    Targets targets = new Targets(uris, localAccounts, remoteActors, remoteStatuses, statuses, statusVisibility);
    this.jsonLd = jsonLd;
    this.activities = Map.of(
        "Block", new BlockActor(targets, blocks, own),
        "Create", new CreateNote(targets, users, statusService),
        "Update", new UpdateNote(targets, media, statusService),
        "Delete", new DeleteNote(targets, statusService),
        "Follow", new FollowActor(targets, followService),
        "Like", new LikeNote(targets, interactions, own),
        "Announce", new AnnounceNote(targets, interactions),
        "Undo", new UndoActivity(targets, statuses, followService, interactions, own, blocks));
  }

  /**
   * The activity the body asks for, its type known: 400 when the body cannot be read as
   * ActivityStreams, 422 when it is malformed or of a type we do not take.
   */
  public Future<Activity> read(JsonObject body) {
    // The server assigns ids: what the client put there is not read.
    JsonObject sent = body.copy();
    sent.remove("id");
    return jsonLd.normalize(sent)
        .recover(failure -> Future.failedFuture(new ServiceException(400,
            "The body is not readable ActivityStreams: " + failure.getMessage())))
        .compose(this::activity);
  }

  private Future<Activity> activity(JsonObject normalised) {
    AsObject sent;
    try {
      sent = Vocab.parseDraft(normalised);
    } catch (VocabException e) {
      return Future.failedFuture(ServiceException.unprocessable(e.getMessage()));
    }
    if (sent instanceof Note note && NoteDraft.NOTE.equals(note.type())) {
      return Future.succeededFuture(create(note));
    }
    if (!(sent instanceof Activity activity) || !activities.containsKey(sent.type())) {
      return Future.failedFuture(ServiceException.unprocessable("type: " + sent.type()
          + " cannot be posted here; accepted: Note, " + String.join(", ", activities.keySet())));
    }
    return Future.succeededFuture(activity);
  }

  /** A bare Note as the Create of it, addressed as the Note is (no ids or actor yet: ours to give). */
  private static Activity create(Note note) {
    return new Activity(null, List.of("Create"), null, List.of(Ref.of(note)), null, note.to(), note.cc(),
        null, null, null, null);
  }

  /** The scopes of which the token needs one for this (already read) activity. */
  public String[] scopes(Activity activity) {
    return activities.get(activity.type()).scopes();
  }

  /** Applies the activity as {@code member}; answers the id of the activity sent. */
  public Future<String> post(Account member, Activity activity) {
    String actor = activity.actorId();
    if (actor != null && !actor.equals(member.uri())) {
      return Future.failedFuture(ServiceException.forbidden("actor: you can only act as yourself"));
    }
    return activities.get(activity.type()).apply(member, activity);
  }
}
