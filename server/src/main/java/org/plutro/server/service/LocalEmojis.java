package org.plutro.server.service;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.plutro.server.domain.CustomEmoji;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.media.ImageProcessor;
import org.plutro.server.media.MediaFormat;
import org.plutro.server.media.MediaProcessing;
import org.plutro.server.store.CustomEmojiStore;

/**
 * The instance's own custom emoji, which admins add and remove: a shortcode, an image (PNG, GIF
 * or WebP, at most {@link #MAX_BYTES}, stored as media files are, with a still image when it
 * moves) and a category for the picker. Every refusal is a 422 that stores nothing.
 */
public final class LocalEmojis {
  /** Mastodon's limit for an emoji's image. */
  public static final long MAX_BYTES = 256 * 1024;
  private static final int MAX_CATEGORY = 64;
  private static final Set<MediaFormat> FORMATS = Set.of(MediaFormat.PNG, MediaFormat.GIF, MediaFormat.WEBP);
  // Emoji are shown small; a larger picture is shrunk (an animation is kept as it is).
  private static final ImageProcessor.Resize SIZE = new ImageProcessor.Resize.FitArea(512L * 512L);

  private final CustomEmojiStore emojis;
  private final MediaProcessing processing;

  public LocalEmojis(CustomEmojiStore emojis, MediaProcessing processing) {
    this.emojis = emojis;
    this.processing = processing;
  }

  public Future<List<CustomEmoji>> list() {
    return emojis.allLocal();
  }

  /** A new emoji {@code :shortcode:} from the image at {@code file}. */
  public Future<CustomEmoji> add(String shortcode, Path file, String category) {
    ValidationErrors errors = new ValidationErrors();
    if (!CustomEmoji.validShortcode(shortcode)) {
      errors.add("shortcode", "ERR_INVALID", "must be 2 to 64 letters, digits or underscores");
    }
    String kept = category == null || category.isBlank() ? null : category.strip();
    if (kept != null && kept.length() > MAX_CATEGORY) {
      errors.add("category", "ERR_TOO_LONG", "is too long (at most " + MAX_CATEGORY + " characters)");
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    try {
      MediaFormat format = formatOf(file);
      if (format == null || !FORMATS.contains(format)) {
        return Future.failedFuture(ServiceException.unprocessable("An emoji's image must be PNG, GIF or WebP"));
      }
    } catch (IOException e) {
      return Future.failedFuture(ServiceException.unprocessable("Cannot read " + file));
    }
    return processing.storeImage(file, MAX_BYTES, SIZE).compose(stored -> {
      // A still picture is its own static image; only an animation keeps its still preview.
      boolean moves = stored.format() == MediaFormat.GIF && stored.previewName() != null;
      Future<Void> spare = moves || stored.previewName() == null ? Future.succeededFuture()
          : processing.delete(null, stored.previewName());
      return spare.compose(done -> emojis.insertLocal(shortcode, stored.fileName(),
              moves ? stored.previewName() : null, stored.format().mimeType(), kept))
          .compose(inserted -> inserted.map(Future::succeededFuture).orElseGet(() ->
              processing.delete(stored.fileName(), moves ? stored.previewName() : null)
                  .compose(gone -> Future.failedFuture(ServiceException.unprocessable(
                      "The shortcode :" + shortcode + ": is taken")))));
    });
  }

  /** Removes the emoji and its files; posts that named it show the shortcode as text again. */
  public Future<CustomEmoji> remove(String shortcode) {
    return emojis.deleteLocal(shortcode == null ? "" : shortcode).compose(found -> found
        .map(emoji -> processing.delete(emoji.fileName(), emoji.staticFileName()).map(emoji))
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("No emoji :" + shortcode + ":"))));
  }

  private static MediaFormat formatOf(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(MediaFormat.SNIFF_BYTES);
    }
    return MediaFormat.detect(head).orElse(null);
  }
}
