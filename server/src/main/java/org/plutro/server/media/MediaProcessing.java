package org.plutro.server.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.plutro.server.domain.ServiceException;

/**
 * Takes an uploaded file (already on disk) and stores what we serve, off the event loop on a small
 * pool of its own, so a burst of large images cannot starve other blocking work. Used by media
 * attachments; avatars and headers can use {@link #storeImage} with a {@link ImageProcessor.Resize.Cover}.
 * Any refusal is a 422 and leaves no file behind.
 */
public final class MediaProcessing {
  /** What was stored: file names under {@link MediaFiles}, sizes and the hash. */
  public record Stored(MediaFormat format, String fileName, String previewName, long size,
      Integer width, Integer height, Integer previewWidth, Integer previewHeight, String blurhash,
      Double duration, Double frameRate) {
    public String attachmentType() {
      return format.attachmentType();
    }
  }

  /** Size limits in bytes, per kind. */
  public record Limits(long maxImageBytes, long maxVideoBytes) {}

  private final WorkerExecutor workers;
  private final MediaFiles files;

  public MediaProcessing(Vertx vertx, MediaFiles files) {
    this.workers = vertx.createSharedWorkerExecutor("plutro-media", 2);
    this.files = files;
  }

  public MediaFiles files() {
    return files;
  }

  /** Any accepted image or video, as a media attachment. */
  public Future<Stored> store(Path upload, Limits limits) {
    return workers.executeBlocking(() -> storeBlocking(upload, limits, ImageProcessor.Resize.MEDIA,
        true), false);
  }

  /** An image only (JPEG, PNG, GIF, WebP), sized as asked: for avatars and headers. */
  public Future<Stored> storeImage(Path upload, long maxBytes, ImageProcessor.Resize resize) {
    return workers.executeBlocking(() -> storeBlocking(upload, new Limits(maxBytes, 0), resize,
        false), false);
  }

  /** Deletes stored files (an upload that is deleted, or that could not be recorded). */
  public Future<Void> delete(String fileName, String previewName) {
    return workers.executeBlocking(() -> {
      files.delete(fileName, previewName);
      return null;
    }, false);
  }

  private Stored storeBlocking(Path upload, Limits limits, ImageProcessor.Resize resize,
      boolean videoAllowed) {
    Path original = null;
    Path preview = null;
    try {
      MediaFormat format = sniff(upload);
      if (!format.isImage() && !videoAllowed) {
        throw new InvalidMediaException("Only images are accepted here");
      }
      long size = Files.size(upload);
      long max = format.isImage() ? limits.maxImageBytes() : limits.maxVideoBytes();
      if (size > max) {
        throw new InvalidMediaException("File size must be less than " + max + " bytes");
      }
      // Named after the upload's format; a still GIF is stored as PNG and renamed after.
      String base = files.newName(format);
      base = base.substring(0, base.indexOf('.'));
      if (!format.isImage()) {
        String name = base + "." + format.extension();
        String posterName = base + "." + MediaFormat.JPEG.extension();
        original = files.original(name);
        preview = files.preview(posterName);
        VideoProcessor.Result video = VideoProcessor.process(upload, format, original, preview);
        return new Stored(format, name, video.hasPreview() ? posterName : null, Files.size(original),
            video.width(), video.height(), video.previewWidth(), video.previewHeight(),
            video.blurhash(), video.duration(), video.frameRate());
      }
      original = files.original(base + "." + format.extension());
      String previewName = base + "." + ImageProcessor.previewFormat(format).extension();
      preview = files.preview(previewName);
      ImageProcessor.Result result = ImageProcessor.process(upload, format, resize, original,
          preview);
      String name = base + "." + result.format().extension();
      if (result.format() != format) {
        Path renamed = files.original(name);
        Files.move(original, renamed, StandardCopyOption.REPLACE_EXISTING);
        original = renamed;
      }
      return new Stored(result.format(), name, result.hasPreview() ? previewName : null,
          Files.size(original), result.width(), result.height(),
          result.hasPreview() ? result.previewWidth() : null,
          result.hasPreview() ? result.previewHeight() : null, result.blurhash(), null, null);
    } catch (InvalidMediaException e) {
      cleanUp(original, preview);
      throw new ServiceException(422, e.getMessage());
    } catch (IOException | RuntimeException e) {
      cleanUp(original, preview);
      if (e instanceof ServiceException service) {
        throw service;
      }
      throw new IllegalStateException("media processing failed", e);
    }
  }

  private static MediaFormat sniff(Path upload) throws IOException, InvalidMediaException {
    byte[] head;
    try (InputStream in = Files.newInputStream(upload)) {
      head = in.readNBytes(MediaFormat.SNIFF_BYTES);
    }
    return MediaFormat.detect(head).orElseThrow(() -> new InvalidMediaException(
        "File type of uploaded media could not be verified"));
  }

  private static void cleanUp(Path... paths) {
    for (Path path : paths) {
      if (path != null) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // Nothing better to do; the name is random and unreferenced.
        }
      }
    }
  }
}
