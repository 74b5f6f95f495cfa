package org.plutro.server.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses at the edge, for every route, what no route could store: a NUL character (PostgreSQL's
 * text cannot hold one, so it would surface as a 500 from deep inside a query) and a body in a
 * charset we cannot decode. {@link #url} runs before anything reads the request; {@link #body}
 * after the body handlers, on the parsed form fields and the raw body.
 */
public final class InputGuard {
  static final String NUL_REFUSED = "The request contains a NUL character (\\u0000), which cannot be stored";

  private InputGuard() {}

  /** The path and query (raw, so {@code %00} is seen before decoding) and the body's charset. */
  public static Handler<RoutingContext> url() {
    return ctx -> {
      String uri = ctx.request().uri();
      if (uri.contains("%00") || uri.indexOf('\0') >= 0) {
        Responses.error(ctx, 400, NUL_REFUSED);
        return;
      }
      String charset = charsetOf(ctx.request().getHeader("Content-Type"));
      if (charset != null && !isSupported(charset)) {
        Responses.error(ctx, 400, "Unsupported charset in Content-Type: use UTF-8");
        return;
      }
      ctx.next();
    };
  }

  /** Form fields (urlencoded or multipart, whose files are not looked at) and JSON or text bodies. */
  public static Handler<RoutingContext> body() {
    return ctx -> {
      for (Map.Entry<String, String> field : ctx.request().formAttributes()) {
        if (field.getKey().indexOf('\0') >= 0 || field.getValue().indexOf('\0') >= 0) {
          Responses.error(ctx, 400, NUL_REFUSED);
          return;
        }
      }
      String type = ctx.request().getHeader("Content-Type");
      boolean multipart = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      if (!multipart && body != null && holdsNul(body)) {
        Responses.error(ctx, 400, NUL_REFUSED);
        return;
      }
      ctx.next();
    };
  }

  /**
   * A NUL byte, or JSON's {@code \u0000} escape (not itself escaped as {@code \\u0000}). Read
   * from a copy: Buffer.getByte checks bounds and goes through Netty at every byte, 7 µs for a
   * 1.4 KB activity against 1 µs.
   */
  static boolean holdsNul(Buffer body) {
    byte[] bytes = body.getBytes();
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == 0) {
        return true;
      }
      if (b == '\\' && i + 5 < bytes.length && bytes[i + 1] == 'u' && bytes[i + 2] == '0'
          && bytes[i + 3] == '0' && bytes[i + 4] == '0' && bytes[i + 5] == '0'
          && oddBackslashesEndingAt(bytes, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean oddBackslashesEndingAt(byte[] bytes, int index) {
    int count = 0;
    for (int i = index; i >= 0 && bytes[i] == '\\'; i--) {
      count++;
    }
    return count % 2 == 1;
  }

  static String charsetOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String part : contentType.split(";")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
        return pair[1].trim().replace("\"", "");
      }
    }
    return null;
  }

  private static boolean isSupported(String charset) {
    try {
      return Charset.isSupported(charset);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
