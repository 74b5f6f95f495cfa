package org.plutro.server.c2s;

import org.plutro.server.store.MediaStore;
import io.vertx.core.Future;
import java.util.List;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.AsObject;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.service.StatusService;

/**
 * Update(Note) of the member's own post: edited as {@code PUT /api/v1/statuses/:id} would. Its
 * attachments stay (media cannot be sent this way); its audience cannot change, as in Mastodon.
 */
final class UpdateNote implements ClientActivity {
  private final Targets targets;
  private final MediaStore media;
  private final StatusService statusService;

  UpdateNote(Targets targets, MediaStore media, StatusService statusService) {
    this.targets = targets;
    this.media = media;
    this.statusService = statusService;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:statuses"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    AsObject note = activity.embeddedObject().orElse(null);
    if (note == null || note.id() == null) {
      return Future.failedFuture(ServiceException.unprocessable("object: the updated Note, with its id"));
    }
    return targets.ownPost(member, note.id())
        .compose(status -> edit(member, status, note))
        .map(edited -> edited.uri() + "#updates/" + edited.editedAt().toInstant().toEpochMilli());
  }

  /** The post edited to the Note's text, addressed as it was. */
  private Future<Status> edit(Account member, Status status, AsObject note) {
    return NoteDraft.read(targets, member, note, status.to(), status.cc())
        .compose(draft -> keptMedia(status).compose(kept -> statusService.edit(member, status.id(),
            new StatusService.Edit(draft.text(), draft.spoilerText(), draft.sensitive(), draft.language(), kept))));
  }

  /** The ids of the post's attachments, which an edit from here keeps. */
  private Future<List<String>> keptMedia(Status status) {
    return media.byStatuses(List.of(status.id()))
        .map(found -> found.stream().map(attachment -> Long.toString(attachment.id())).toList());
  }
}
