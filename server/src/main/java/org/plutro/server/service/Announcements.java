package org.plutro.server.service;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.util.List;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.AnnouncementStore;
import org.plutro.server.store.AnnouncementStore.Draft;
import org.plutro.server.text.Html;

/**
 * What admins do with announcements (policy 4.2: service messages members cannot opt out of),
 * from {@code /admin/announcements} and {@code plutro announcement create}: write one in plain
 * text (made HTML here), with an optional start and end and all day or not; edit, publish,
 * unpublish and delete it. Members read the published ones at {@code /api/v1/announcements}.
 */
public final class Announcements {
  public static final int TEXT_MAX = 2000;
  /** The announcements an admin's page lists: the newest. */
  public static final int LISTED = 100;

  /** What an admin writes. */
  public record Input(String text, OffsetDateTime startsAt, OffsetDateTime endsAt, boolean allDay) {}

  private final AnnouncementStore store;

  public Announcements(AnnouncementStore store) {
    this.store = store;
  }

  public Future<List<Draft>> all() {
    return store.all(LISTED);
  }

  /** 404 when there is none. */
  public Future<Draft> one(long id) {
    return store.one(id).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  /** The new announcement's id; shown to members at once when {@code publish}. */
  public Future<Long> create(Input input, boolean publish) {
    return checked(input).compose(text -> store.insert(Html.render(text), text, input.startsAt(),
        input.endsAt(), input.allDay(), publish));
  }

  public Future<Void> edit(long id, Input input) {
    return checked(input).compose(text -> store.update(id, Html.render(text), text, input.startsAt(),
        input.endsAt(), input.allDay())).compose(Announcements::found);
  }

  /** False when it already was so. */
  public Future<Boolean> publish(long id, boolean publish) {
    return one(id).compose(found -> store.publish(id, publish));
  }

  public Future<Void> delete(long id) {
    return store.delete(id).compose(Announcements::found);
  }

  /** The text as typed, to edit it again. */
  public static String source(Draft draft) {
    return draft.source() != null ? draft.source() : Html.text(draft.html());
  }

  private static Future<String> checked(Input input) {
    ValidationErrors errors = new ValidationErrors();
    AdminText.check(errors, "text", input.text(), TEXT_MAX, true);
    if (input.startsAt() != null && input.endsAt() != null && !input.endsAt().isAfter(input.startsAt())) {
      errors.add("ends_at", "ERR_INVALID", "must be after the start");
    }
    return errors.isEmpty() ? Future.succeededFuture(input.text().strip())
        : Future.failedFuture(errors.toException());
  }

  private static Future<Void> found(boolean found) {
    return found ? Future.succeededFuture() : Future.failedFuture(ServiceException.notFound("Record not found"));
  }
}
