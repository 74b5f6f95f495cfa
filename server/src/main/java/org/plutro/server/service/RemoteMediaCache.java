package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.plutro.federation.net.BodyTooLargeException;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.HttpResult;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.media.ImageProcessor;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.media.MediaProcessing;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.store.RemoteMediaStore;
import org.plutro.server.store.RemoteMediaStore.Cached;
import org.plutro.server.uri.RemoteMediaUrls.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote files copied under {@code data/media-cache}, so that members' browsers load them from us:
 * fetched through the SSRF-guarded client (a job queued when a post or an actor is stored, or on
 * first view), refused above a size per kind, recognised by their bytes only, and stored as our
 * own uploads are (images re-encoded without their metadata, previews and BlurHash; avatars and
 * headers cropped to their boxes). Nothing is fetched from a domain whose media the admins reject.
 * A refusal is remembered (a row with its reason) for {@link #FAILURES_KEPT_DAYS}; a passing
 * failure (the origin down) is not. The cache is kept under its size limit, oldest first.
 */
public final class RemoteMediaCache {
  public static final String JOB = RemoteMediaStore.FETCH_JOB;
  public static final int FAILURES_KEPT_DAYS = 7;
  /** Mastodon's limits for remote avatars and headers, emoji and preview card images. */
  static final int MAX_AVATAR_BYTES = 2 * 1024 * 1024;
  static final int MAX_EMOJI_BYTES = 256 * 1024;
  private static final String ACCEPT = "image/*, video/*;q=0.9, */*;q=0.1";
  private static final Logger LOG = LoggerFactory.getLogger(RemoteMediaCache.class);

  private final Vertx vertx;
  private final FederationHttpClient http;
  private final DomainBlocks domainBlocks;
  private final MediaProcessing processing;
  private final RemoteMediaStore store;
  private final MediaProcessing.Limits attachmentLimits;
  private final long maxCacheBytes;
  // One fetch per URL at a time in this process: a timeline's worth of readers share it.
  private final Map<String, Future<Cached>> underWay = new ConcurrentHashMap<>();

  public RemoteMediaCache(Vertx vertx, FederationHttpClient http, DomainBlocks domainBlocks,
      MediaProcessing processing, RemoteMediaStore store, MediaProcessing.Limits attachmentLimits,
      long maxCacheBytes) {
    this.vertx = vertx;
    this.http = http;
    this.domainBlocks = domainBlocks;
    this.processing = processing;
    this.store = store;
    this.attachmentLimits = attachmentLimits;
    this.maxCacheBytes = maxCacheBytes;
  }

  public MediaFiles files() {
    return processing.files();
  }

  /**
   * The job: fetches a file queued when its post or actor was stored; or, with {@code refresh}
   * (a remote emoji changed its image), fetches it again over the copy we hold, and forgets the
   * copy of the address it {@code replaces}.
   */
  public Future<Void> run(JsonObject payload) {
    Optional<Kind> kind = Kind.of(payload.getString("kind"));
    String url = payload.getString("subject");
    if (kind.isEmpty() || url == null) {
      return Future.succeededFuture();
    }
    if (payload.getBoolean("refresh", false)) {
      String replaced = payload.getString("replaces");
      Future<Void> forgotten = replaced == null || replaced.equals(url) ? Future.succeededFuture()
          : store.forget(replaced).compose(this::delete);
      return forgotten.compose(done -> refetch(url, kind.get(), payload.getLong("account"))).mapEmpty();
    }
    return cached(url, kind.get(), payload.getLong("account")).mapEmpty();
  }

  // Fetched whatever we hold; what is stored replaces the row of the same address, and its files.
  private Future<Cached> refetch(String url, Kind kind, Long accountId) {
    Optional<String> refused = refusal(url);
    return refused.isPresent() ? record(notStored(url, kind, accountId, refused.get()))
        : fetch(url, kind, accountId);
  }

  /**
   * The file at {@code url}, fetched now if we have not tried it yet: stored, or refused (its
   * {@code failure} says why). Fails only when it is worth asking again later (the origin is down).
   */
  public Future<Cached> cached(String url, Kind kind, Long accountId) {
    Optional<String> refused = refusal(url);
    if (refused.isPresent()) {
      return Future.succeededFuture(notStored(url, kind, accountId, refused.get()));
    }
    return underWay.computeIfAbsent(url, key -> {
      Future<Cached> started = store.byUrl(url)
          .compose(found -> found.map(cached -> present(cached).compose(present -> present
                  ? Future.succeededFuture(cached) : fetch(url, kind, accountId)))
              .orElseGet(() -> fetch(url, kind, accountId)));
      // The database answers later, never within this call: the entry is in the map by then.
      started.onComplete(done -> underWay.remove(url, started));
      return started;
    });
  }

  // A row whose file is not here (a restored backup has none; another process's folder) is fetched again.
  private Future<Boolean> present(Cached cached) {
    return cached.stored() ? vertx.fileSystem().exists(files().original(cached.fileName()).toString())
        : Future.succeededFuture(true);
  }

  /** Deletes an account's cached files (it deleted itself, or was purged). */
  public Future<Void> purge(long accountId) {
    return store.purgeAccount(accountId).compose(this::delete);
  }

  /**
   * Deletes the link previews no post shows any more, {@code graceDays} after they were fetched
   * (a post being written or edited may still pick one up), with the copies of their pictures.
   */
  public Future<Void> forgetUnusedCards(int graceDays) {
    return store.forgetUnusedCards(graceDays).compose(this::delete);
  }

  /** Keeps the cache under its limit, oldest files first; forgets old refusals. */
  public Future<Void> evict() {
    return store.forgetFailures(FAILURES_KEPT_DAYS)
        .compose(done -> store.totalBytes())
        .compose(total -> total <= maxCacheBytes ? Future.<Void>succeededFuture()
            : store.evictOldest(total - maxCacheBytes).compose(names -> {
              LOG.info("Evicted {} remote media files ({} bytes over the cache limit)", names.size(),
                  total - maxCacheBytes);
              return delete(names);
            }));
  }

  /** Why nothing may be fetched from this URL, if so. */
  private Optional<String> refusal(String url) {
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme();
      if (uri.getRawAuthority() == null || !("https".equals(scheme) || "http".equals(scheme))) {
        return Optional.of("not a web address");
      }
      return domainBlocks.rejectsMedia(uri.getRawAuthority())
          ? Optional.of("media from this domain are rejected") : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("not a web address");
    }
  }

  // Streamed into a part file (never whole in memory), refused past the kind's size as it arrives.
  private Future<Cached> fetch(String url, Kind kind, Long accountId) {
    Path part = files().newUpload();
    return http.download(URI.create(url), ACCEPT, maxDownload(kind), part)
        .transform(answered -> {
          if (answered.failed()) {
            if (answered.cause() instanceof BodyTooLargeException tooLarge) {
              return record(notStored(url, kind, accountId, tooLarge.getMessage()));
            }
            return Future.failedFuture(answered.cause());
          }
          HttpResult result = answered.result();
          if (result.status() >= 500 || result.status() == 429 || result.status() == 408) {
            return Future.failedFuture(new IllegalStateException(url + " answered " + result.status()));
          }
          if (result.status() != 200) {
            return record(notStored(url, kind, accountId, "answered " + result.status()));
          }
          return storeFile(url, kind, accountId, part);
        })
        .eventually(() -> vertx.fileSystem().delete(part.toString()).otherwiseEmpty());
  }

  private Future<Cached> storeFile(String url, Kind kind, Long accountId, Path part) {
    return process(part, kind)
        .transform(processed -> {
          if (processed.failed()) {
            if (processed.cause() instanceof ServiceException refused) {
              return record(notStored(url, kind, accountId, refused.getMessage()));
            }
            return Future.failedFuture(processed.cause());
          }
          MediaProcessing.Stored stored = processed.result();
          return vertx.fileSystem().props(files().original(stored.fileName()).toString())
              .compose(props -> previewSize(stored).map(preview -> props.size() + preview))
              .compose(size -> record(new Cached(0, url, kind.path(), accountId,
                  stored.format().mimeType(), stored.fileName(), stored.previewName(), size,
                  stored.width(), stored.height(), stored.blurhash(), null))
                  .recover(failed -> processing.delete(stored.fileName(), stored.previewName())
                      .transform(deleted -> Future.failedFuture(failed))))
              .compose(cached -> fillAttachments(kind, stored, url).map(cached));
        });
  }

  // The origin may have sent no size or BlurHash for an attachment or a link preview's picture:
  // ours are measured from the copy.
  private Future<Void> fillAttachments(Kind kind, MediaProcessing.Stored stored, String url) {
    if (stored.width() == null || stored.height() == null) {
      return Future.succeededFuture();
    }
    return switch (kind) {
      case ATTACHMENT -> store.fillAttachments(url, stored.width(), stored.height(), stored.blurhash());
      case CARD -> store.fillCards(url, stored.width(), stored.height(), stored.blurhash());
      default -> Future.succeededFuture();
    };
  }

  private Future<Long> previewSize(MediaProcessing.Stored stored) {
    return stored.previewName() == null ? Future.succeededFuture(0L)
        : vertx.fileSystem().props(files().preview(stored.previewName()).toString())
            .map(props -> props.size());
  }

  private Future<MediaProcessing.Stored> process(Path file, Kind kind) {
    return switch (kind) {
      case ATTACHMENT -> processing.store(file, attachmentLimits);
      case AVATAR -> processing.storeImage(file, MAX_AVATAR_BYTES, new ImageProcessor.Resize.Cover(400, 400));
      case HEADER -> processing.storeImage(file, MAX_AVATAR_BYTES, new ImageProcessor.Resize.Cover(1500, 500));
      case EMOJI -> processing.storeImage(file, MAX_EMOJI_BYTES, ImageProcessor.Resize.MEDIA);
      case CARD -> processing.storeImage(file, MAX_AVATAR_BYTES, ImageProcessor.Resize.MEDIA);
    };
  }

  private long maxDownload(Kind kind) {
    return switch (kind) {
      case ATTACHMENT -> Math.max(attachmentLimits.maxImageBytes(), attachmentLimits.maxVideoBytes());
      case EMOJI -> MAX_EMOJI_BYTES;
      case AVATAR, HEADER, CARD -> MAX_AVATAR_BYTES;
    };
  }

  private Future<Cached> record(Cached cached) {
    return store.record(cached).compose(recorded -> delete(recorded.replaced()).map(recorded.cached()));
  }

  private static Cached notStored(String url, Kind kind, Long accountId, String why) {
    return new Cached(0, url, kind.path(), accountId, null, null, null, 0, null, null, null, why);
  }

  private Future<Void> delete(List<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      for (String name : names) {
        // Originals and previews share names' shape; each is in one of the two folders.
        files().delete(name, name);
      }
      return null;
    }, false);
  }
}
