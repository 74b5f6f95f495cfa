package org.plutro.server.c2s;

import org.plutro.server.store.MediaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
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
  public Future<String> apply(Account member, JsonObject activity) {
    if (!(activity.getValue("object") instanceof JsonObject note) || note.getString("id") == null) {
      return Future.failedFuture(ServiceException.unprocessable("object: the updated Note, with its id"));
    }
    return targets.ownPost(member, note.getString("id")).compose(status ->
        NoteDraft.read(targets, member, note.copy().put("to", new JsonArray(status.to())).put("cc", new JsonArray(status.cc())))
            .compose(draft -> media.byStatuses(List.of(status.id())).compose(media -> {
              List<String> kept = new ArrayList<>();
              media.forEach(m -> kept.add(Long.toString(m.id())));
              return statusService.edit(member, status.id(), new StatusService.Edit(
                  draft.text(), draft.spoilerText(), draft.sensitive(), draft.language(), kept));
            })))
        .map(edited -> edited.uri() + "#updates/" + edited.editedAt().toInstant().toEpochMilli());
  }
}
