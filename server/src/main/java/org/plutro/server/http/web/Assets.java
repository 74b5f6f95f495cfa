package org.plutro.server.http.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web pages' stylesheet, script and icon, served under names that carry a hash of their
 * content: a browser may keep them forever, and a new release changes the names.
 */
public final class Assets {
  private static final String PREFIX = "/assets/";
  private static final Map<String, String> TYPES = Map.of(
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "svg", "image/svg+xml");

  private record Asset(String url, String contentType, Buffer body) {}

  private final Map<String, Asset> byName = new LinkedHashMap<>();

  /** {@code names}: files under {@code static/} in the jar. */
  public Assets(String... names) {
    for (String name : names) {
      byte[] bytes = read(name);
      String hash = HexFormat.of().formatHex(sha256(bytes)).substring(0, 12);
      int dot = name.lastIndexOf('.');
      String extension = name.substring(dot + 1);
      String url = PREFIX + name.substring(0, dot) + "-" + hash + "." + extension;
      byName.put(name, new Asset(url, TYPES.getOrDefault(extension, "application/octet-stream"),
          Buffer.buffer(bytes)));
    }
  }

  /** The standard set every page uses. */
  public static Assets standard() {
    return new Assets("plutro.css", "plutro.js", "favicon.svg");
  }

  /** The fingerprinted address of a file. */
  public String url(String name) {
    Asset asset = byName.get(name);
    if (asset == null) {
      throw new IllegalArgumentException("no asset " + name);
    }
    return asset.url();
  }

  public void mount(Router router) {
    for (Asset asset : byName.values()) {
      router.get(asset.url()).handler(ctx -> ctx.response()
          .putHeader("Content-Type", asset.contentType())
          .putHeader("Cache-Control", "public, max-age=31536000, immutable")
          .putHeader("X-Content-Type-Options", "nosniff")
          .end(asset.body()));
    }
    // Browsers ask for this one by its fixed name.
    router.get("/favicon.ico").handler(ctx -> ctx.redirect(url("favicon.svg")));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(String name) {
    try (InputStream in = Assets.class.getResourceAsStream("/static/" + name)) {
      if (in == null) {
        throw new IOException("static/" + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
