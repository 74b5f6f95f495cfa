package org.plutro.server.http.api.v1;

import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import org.plutro.server.service.MediaService;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.uri.Uris;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.MediaEntity;
import org.plutro.server.domain.ServiceException;

/**
 * Media uploads ({@code POST /api/v2/media} and v1), and reading, describing and deleting one's
 * uploads. Uploads have a body handler of their own, ahead of the router's 1 MiB one: the file
 * streams to a temporary file under data/media (never into memory), up to the largest allowed
 * size, and is deleted when the request ends whatever happens.
 */
public final class MediaRoutes {
  /** Room for the multipart framing and the text fields around the file. */
  private static final long FORM_OVERHEAD = 64 * 1024;

  private final Auth auth;
  private final MediaService mediaService;
  private final MediaFiles mediaFiles;
  private final Uris uris;

  public MediaRoutes(Auth auth, MediaService mediaService, MediaFiles mediaFiles, Uris uris) {
    this.auth = auth;
    this.mediaService = mediaService;
    this.mediaFiles = mediaFiles;
    this.uris = uris;
  }

  /** The upload routes; mount before the router's general body handler. */
  public void mountUploads(Router router) {
    long limit = uploadLimit();
    BodyHandler uploads = BodyHandler.create(mediaFiles.uploads().toString())
        .setBodyLimit(limit)
        .setHandleFileUploads(true)
        .setMergeFormAttributes(true)
        .setDeleteUploadedFilesOnEnd(true);
    for (String path : new String[] {"/api/v1/media", "/api/v2/media"}) {
      // Two routes: Vert.x wants a body handler first in its route, and these checks come first.
      router.post(path).handler(this::requireMultipart);
      router.post(path).handler(uploads).handler(this::upload).failureHandler(this::tooLarge);
    }
  }

  public void mount(Router router) {
    router.get("/api/v1/media/:id").handler(this::show);
    router.put("/api/v1/media/:id").handler(this::update);
    router.delete("/api/v1/media/:id").handler(this::delete);
  }

  // Anything but a form with a file is refused before its body is read.
  private void requireMultipart(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
      ctx.fail(ServiceException.unprocessable("Validation failed: File can't be blank"));
      return;
    }
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > uploadLimit()) {
      tooLargeAnswer(ctx);
      return;
    }
    ctx.next();
  }

  // The token is checked once the body is in: an async check before the body handler would
  // need the request paused, which stalls clients that send the whole body before reading.
  // The temporary file is deleted when the request ends, whoever sent it.
  private void upload(RoutingContext ctx) {
    auth.member(ctx, "write:media").onSuccess(caller -> upload(ctx, caller)).onFailure(ctx::fail);
  }

  private void upload(RoutingContext ctx, Auth.Caller caller) {
    FileUpload file = ctx.fileUploads().stream()
        .filter(upload -> "file".equals(upload.name()))
        .findFirst().orElse(null);
    if (file == null) {
      ctx.fail(ServiceException.unprocessable("Validation failed: File can't be blank"));
      return;
    }
    Params params = Params.of(ctx);
    mediaService.upload(caller.member(), Path.of(file.uploadedFileName()),
            params.string("description"), params.string("focus"))
        // Processing is synchronous, so v2 answers 200 (not 202) with the url already set.
        .onSuccess(media -> Responses.json(ctx, MediaEntity.of(media, uris)))
        .onFailure(ctx::fail);
  }

  // An upload beyond every limit is refused by the body handler with 413; Mastodon says 422.
  private void tooLarge(RoutingContext ctx) {
    if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
      ctx.next();
      return;
    }
    tooLargeAnswer(ctx);
  }

  // The rest of the body is never read: the answer closes the connection so the client stops.
  private static void tooLargeAnswer(RoutingContext ctx) {
    ctx.response().putHeader("Connection", "close");
    Responses.error(ctx, 422, "Validation failed: File is too large");
  }

  private long uploadLimit() {
    return Math.max(mediaService.limits().maxImageBytes(),
        mediaService.limits().maxVideoBytes()) + FORM_OVERHEAD;
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:media")
        .compose(caller -> mediaService.unattached(caller.member().id(), id))
        .onSuccess(media -> Responses.json(ctx, MediaEntity.of(media, uris)))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    auth.member(ctx, "write:media")
        .compose(caller -> mediaService.update(caller.member().id(), id,
            params.string("description"), params.string("focus")))
        .onSuccess(media -> Responses.json(ctx, MediaEntity.of(media, uris)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:media")
        .compose(caller -> mediaService.delete(caller.member().id(), id))
        .onSuccess(done -> Responses.json(ctx, new io.vertx.core.json.JsonObject()))
        .onFailure(ctx::fail);
  }
}
