package org.plutro.server.http.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The default avatar and header that Mastodon clients expect to be real images. */
public final class StaticRoutes {
  private final Buffer missing;

  public StaticRoutes() {
    try (InputStream in = StaticRoutes.class.getResourceAsStream("/static/missing.png")) {
      missing = Buffer.buffer(in.readAllBytes());
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("static/missing.png is missing from the jar"));
    }
  }

  public void mount(Router router) {
    for (String path : new String[] {"/avatars/original/missing.png", "/headers/original/missing.png"}) {
      router.get(path).handler(ctx -> ctx.response()
          .putHeader("Content-Type", "image/png")
          .putHeader("Cache-Control", "public, max-age=86400")
          .end(missing));
    }
    router.get("/robots.txt").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("User-agent: *\nDisallow: /api/\nDisallow: /oauth/\n"));
  }
}
