package org.plutro.server.service;

import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.media.MediaProcessing;
import org.plutro.server.store.MediaStore;

/**
 * A member's uploads: stored (type checked by content, metadata stripped, preview made), described,
 * deleted while no post holds them, and attached to a post (at most four, the member's own,
 * not attached yet). Every refusal is a 422 that stores nothing.
 */
public final class MediaService {

  /** A focal point, each coordinate from -1.0 to 1.0 (Mastodon's convention: y up). */
  public record Focus(double x, double y) {}

  private final Pool pool;
  private final MediaStore media;
  private final MediaProcessing processing;
  private final MediaProcessing.Limits limits;

  public MediaService(Pool pool, MediaStore media, MediaProcessing processing,
      MediaProcessing.Limits limits) {
    this.pool = pool;
    this.media = media;
    this.processing = processing;
    this.limits = limits;
  }

  public MediaProcessing.Limits limits() {
    return limits;
  }

  /** Stores an uploaded file as an unattached attachment of {@code owner}. */
  public Future<MediaAttachment> upload(Account owner, Path file, String description, String focus) {
    ValidationErrors errors = new ValidationErrors();
    String text = description(description, errors);
    Focus point = focus(focus, errors);
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    return processing.store(file, limits).compose(stored -> media.insertUpload(owner.id(),
            stored.attachmentType(), stored.format().mimeType(), stored.fileName(),
            stored.previewName(), stored.size(), text, stored.blurhash(), stored.width(),
            stored.height(), stored.previewWidth(), stored.previewHeight(), stored.duration(),
            stored.frameRate(),
            point == null ? null : point.x(), point == null ? null : point.y())
        .onFailure(e -> processing.delete(stored.fileName(), stored.previewName())));
  }

  /** One of the member's uploads that no post holds yet (Mastodon's GET and PUT see only those). */
  public Future<MediaAttachment> unattached(long accountId, long id) {
    return media.byId(id).compose(found -> found
        .filter(m -> m.accountId() == accountId && !m.isAttached())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  /** Changes the alt text and focal point; a parameter left out (null) keeps its value. */
  public Future<MediaAttachment> update(long accountId, long id, String description, String focus) {
    return unattached(accountId, id).compose(current -> {
      ValidationErrors errors = new ValidationErrors();
      String text = description == null ? current.description() : description(description, errors);
      Focus point = focus == null
          ? (current.focusX() == null ? null : new Focus(current.focusX(), current.focusY()))
          : focus(focus, errors);
      if (!errors.isEmpty()) {
        return Future.failedFuture(errors.toException());
      }
      return media.updateUnattached(id, accountId, text, point == null ? null : point.x(),
              point == null ? null : point.y())
          .compose(updated -> updated.map(Future::succeededFuture)
              .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
    });
  }

  /** Deletes an upload and its files; one that a post holds stays (422). */
  public Future<Void> delete(long accountId, long id) {
    return media.byId(id).compose(found -> {
      if (found.isEmpty() || found.get().accountId() != accountId) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      if (found.get().isAttached()) {
        return Future.failedFuture(
            ServiceException.unprocessable("Media attachment is currently used by a status"));
      }
      return media.deleteUnattached(id, accountId).compose(deleted -> {
        if (deleted.isEmpty()) {
          // Attached by a post in the meantime.
          return Future.failedFuture(
              ServiceException.unprocessable("Media attachment is currently used by a status"));
        }
        MediaAttachment gone = deleted.get();
        return processing.delete(gone.fileName(), gone.previewName());
      });
    });
  }

  /** Attaches uploads to a post in their own transaction; see {@link #attach(SqlClient, long, List, long)}. */
  public Future<List<MediaAttachment>> attach(long accountId, List<String> mediaIds, long statusId) {
    return pool.withTransaction(tx -> attach(tx, accountId, mediaIds, statusId));
  }

  /**
   * Attaches uploads to a post inside the caller's transaction (the one that stores the post), in
   * the order given. Refused with a 422, attaching nothing, unless every id is one of the author's
   * unattached uploads (or already this post's), there are at most four, and a video comes alone.
   */
  public static Future<List<MediaAttachment>> attach(SqlClient tx, long accountId,
      List<String> mediaIds, long statusId) {
    List<Long> ids;
    try {
      ids = parseIds(mediaIds);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return MediaStore.lockAttachable(tx, ids, accountId, statusId).compose(found -> {
      if (found.size() != ids.size()) {
        List<Long> missing = new ArrayList<>(ids);
        found.forEach(m -> missing.remove(m.id()));
        return Future.failedFuture(ServiceException.unprocessable(
            "Media attachment not found or already attached: " + joined(missing)));
      }
      long videos = found.stream().filter(m -> !"image".equals(m.type())).count();
      if (videos > 0 && found.size() > 1) {
        return Future.failedFuture(ServiceException.unprocessable(
            "Cannot attach a video to a post that already contains images"));
      }
      return MediaStore.attach(tx, ids, accountId, statusId).map(count -> {
        List<MediaAttachment> ordered = new ArrayList<>();
        for (long id : ids) {
          found.stream().filter(m -> m.id() == id).findFirst().ifPresent(ordered::add);
        }
        return ordered;
      });
    });
  }

  /** An edit's attachments: exactly {@code mediaIds}, in order; dropped ones become unattached. */
  public static Future<List<MediaAttachment>> replace(SqlClient tx, long accountId,
      List<String> mediaIds, long statusId) {
    List<Long> ids;
    try {
      ids = parseIds(mediaIds);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    return MediaStore.detachOthers(tx, statusId, ids)
        .compose(done -> attach(tx, accountId, mediaIds, statusId));
  }

  /**
   * An edit's new alt texts ({@code descriptions} by attachment id; blank removes one) for the
   * files the post holds after {@link #replace}; ids it does not hold are ignored. Answers the
   * post's files as they are now.
   */
  public static Future<List<MediaAttachment>> describe(SqlClient tx, long statusId,
      List<MediaAttachment> held, java.util.Map<Long, String> descriptions) {
    if (descriptions == null || descriptions.isEmpty()) {
      return Future.succeededFuture(held);
    }
    Future<Void> chain = Future.succeededFuture();
    for (MediaAttachment media : held) {
      String text = descriptions.get(media.id());
      if (text != null) {
        chain = chain.compose(done -> MediaStore.describeAttached(tx, media.id(), statusId,
            text.isBlank() ? null : text));
      }
    }
    return chain.compose(done -> MediaStore.byStatuses(tx, List.of(statusId)));
  }

  /** Fails with a 422 when an alt text is longer than an attachment's may be. */
  public static void checkDescriptions(java.util.Map<Long, String> descriptions) {
    ValidationErrors errors = new ValidationErrors();
    if (descriptions != null) {
      descriptions.values().forEach(text -> description(text, errors));
    }
    errors.throwIfAny();
  }

  /** Checks media ids as a post gives them, without changing anything: for early 422s. */
  public static List<Long> parseIds(List<String> mediaIds) {
    Set<Long> ids = new LinkedHashSet<>();
    for (String raw : mediaIds == null ? List.<String>of() : mediaIds) {
      if (raw == null || raw.isBlank()) {
        continue;
      }
      try {
        ids.add(Long.parseLong(raw.trim()));
      } catch (NumberFormatException e) {
        throw ServiceException.unprocessable("Media attachment not found: " + raw);
      }
    }
    if (ids.size() > MediaAttachment.MAX_PER_POST) {
      throw ServiceException.unprocessable(
          "Too many media attachments: at most " + MediaAttachment.MAX_PER_POST + " per post");
    }
    return List.copyOf(ids);
  }

  private static String description(String value, ValidationErrors errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.codePointCount(0, value.length()) > MediaAttachment.MAX_DESCRIPTION) {
      errors.add("description", "ERR_TOO_LONG",
          "is too long (maximum is " + MediaAttachment.MAX_DESCRIPTION + " characters)");
    }
    return value;
  }

  /** "x,y" with each from -1.0 to 1.0; null or blank means no focal point. */
  static Focus focus(String value, ValidationErrors errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String[] parts = value.split(",");
    try {
      if (parts.length == 2) {
        double x = Double.parseDouble(parts[0].trim());
        double y = Double.parseDouble(parts[1].trim());
        if (Math.abs(x) <= 1 && Math.abs(y) <= 1) {
          return new Focus(x, y);
        }
      }
    } catch (NumberFormatException ignored) {
      // Falls through to the error below.
    }
    errors.add("focus", "ERR_INVALID", "must be two numbers from -1.0 to 1.0, as x,y");
    return null;
  }

  private static String joined(List<Long> ids) {
    StringBuilder text = new StringBuilder();
    for (long id : ids) {
      text.append(text.length() == 0 ? "" : ", ").append(id);
    }
    return text.toString();
  }
}
