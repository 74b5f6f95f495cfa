package org.plutro.server.http.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Optional;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.media.MediaFormat;
import org.plutro.server.service.RemoteMediaCache;
import org.plutro.server.store.RemoteMediaStore.Cached;
import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.uri.Uris;

/**
 * Remote files at our own addresses ({@link RemoteMediaUrls}): the cached copy, fetched first
 * (through the same guarded path as the jobs) if there is none yet, so that a reader's browser
 * never contacts the origin. Served as our own media are ({@link MediaFileRoutes}: the type from
 * the bytes, {@code nosniff}, a sandboxing CSP, cached for long). A file we cannot or may not
 * copy is a 404, or the default picture for an avatar or a header.
 */
public final class RemoteMediaRoutes {
  private final RemoteMediaCache cache;
  private final Uris uris;

  public RemoteMediaRoutes(RemoteMediaCache cache, Uris uris) {
    this.cache = cache;
    this.uris = uris;
  }

  public void mount(Router router) {
    for (String path : new String[] {"/media/remote/:kind/:mac/:origin",
        "/media/remote/:kind/:mac/:origin" + RemoteMediaUrls.PREVIEW_SUFFIX}) {
      boolean preview = path.endsWith(RemoteMediaUrls.PREVIEW_SUFFIX);
      router.get(path).handler(ctx -> serve(ctx, preview));
      router.head(path).handler(ctx -> serve(ctx, preview));
    }
  }

  private void serve(RoutingContext ctx, boolean preview) {
    Optional<RemoteMediaUrls.Origin> origin = uris.remoteMedia().verify(ctx.pathParam("kind"),
        ctx.pathParam("mac"), ctx.pathParam("origin"));
    if (origin.isEmpty()) {
      ctx.fail(404);
      return;
    }
    RemoteMediaUrls.Kind kind = origin.get().kind();
    cache.cached(origin.get().url(), kind, null).onComplete(found -> {
      if (found.failed() || !found.result().stored()) {
        unavailable(ctx, kind);
        return;
      }
      Cached cached = found.result();
      boolean small = preview && cached.previewName() != null;
      String name = small ? cached.previewName() : cached.fileName();
      Optional<Path> file = cache.files().resolve(small ? MediaFiles.SMALL : MediaFiles.ORIGINAL, name);
      Optional<MediaFormat> format = MediaFormat.byExtension(name.substring(name.lastIndexOf('.') + 1));
      if (file.isEmpty() || format.isEmpty()) {
        unavailable(ctx, kind);
        return;
      }
      MediaFileRoutes.send(ctx, file.get(), format.get());
    });
  }

  private void unavailable(RoutingContext ctx, RemoteMediaUrls.Kind kind) {
    ctx.response().putHeader("Cache-Control", "no-store");
    switch (kind) {
      case AVATAR -> ctx.redirect(uris.defaultAvatar());
      case HEADER -> ctx.redirect(uris.defaultHeader());
      default -> ctx.fail(404);
    }
  }
}
