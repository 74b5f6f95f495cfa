package org.plutro.server.http.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.media.MediaFormat;

/**
 * Stored media at {@code /media/original/<name>} and {@code /media/small/<name>}. The Content-Type
 * comes from the name we gave the file after reading its bytes, so it is always an image or video
 * type, never HTML; {@code nosniff} and a sandboxing CSP keep browsers from guessing otherwise.
 * Names never change content, so caches may keep them forever. Single byte ranges are served
 * (browsers seek in videos with them).
 */
public final class MediaFileRoutes {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private final MediaFiles files;

  public MediaFileRoutes(MediaFiles files) {
    this.files = files;
  }

  public void mount(Router router) {
    router.get("/media/:folder/:name").handler(this::serve);
    router.head("/media/:folder/:name").handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Optional<Path> path = files.resolve(ctx.pathParam("folder"), name);
    Optional<MediaFormat> format = MediaFormat.byExtension(name.substring(name.lastIndexOf('.') + 1));
    if (path.isEmpty() || format.isEmpty()) {
      ctx.fail(404);
      return;
    }
    send(ctx, path.get(), format.get());
  }

  /** Sends a stored file of ours (a 404 if it is gone), with the headers above. */
  static void send(RoutingContext ctx, Path path, MediaFormat format) {
    ctx.vertx().fileSystem().props(path.toString()).onComplete(props -> {
      if (props.failed() || !props.result().isRegularFile()) {
        ctx.fail(404);
        return;
      }
      long length = props.result().size();
      HttpServerResponse response = ctx.response()
          .putHeader("Content-Type", format.mimeType())
          .putHeader("Cache-Control", "public, max-age=31536000, immutable")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
          .putHeader("Accept-Ranges", "bytes");
      long offset = 0;
      long count = length;
      String range = ctx.request().getHeader("Range");
      if (range != null) {
        Matcher m = RANGE.matcher(range.trim());
        long[] bounds = m.matches() ? bounds(m.group(1), m.group(2), length) : null;
        if (bounds == null) {
          response.setStatusCode(416).putHeader("Content-Range", "bytes */" + length).end();
          return;
        }
        offset = bounds[0];
        count = bounds[1] - bounds[0] + 1;
        response.setStatusCode(206)
            .putHeader("Content-Range", "bytes " + bounds[0] + "-" + bounds[1] + "/" + length);
      }
      if (ctx.request().method() == HttpMethod.HEAD) {
        response.putHeader("Content-Length", Long.toString(count)).end();
      } else {
        response.sendFile(path.toString(), offset, count)
            .onFailure(e -> ctx.response().reset());
      }
    });
  }

  /** First and last byte of a satisfiable "start-end", "start-" or "-suffix" range; null if not. */
  static long[] bounds(String start, String end, long length) {
    try {
      if (start.isEmpty()) {
        if (end.isEmpty()) {
          return null;
        }
        long suffix = Math.min(Long.parseLong(end), length);
        return suffix == 0 ? null : new long[] {length - suffix, length - 1};
      }
      long first = Long.parseLong(start);
      long last = end.isEmpty() ? length - 1 : Math.min(Long.parseLong(end), length - 1);
      return first >= length || last < first ? null : new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
