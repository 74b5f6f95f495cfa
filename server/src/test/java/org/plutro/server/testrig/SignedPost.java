package org.plutro.server.testrig;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.plutro.federation.http.RequestSigner;

/** Signs a POST (or a GET) the way a peer does, and lets a test spoil one part of a POST. */
public final class SignedPost {
  private SignedPost() {}

  /** The headers a signer adds to a POST of {@code body} to {@code url}. */
  public static MultiMap sign(RequestSigner signer, RequestSigner.Style style, String url, byte[] body) {
    URI uri = URI.create(url);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Host", uri.getRawAuthority())
        .add("Content-Type", "application/activity+json");
    signer.sign(style, "POST", uri, headers, body);
    return headers;
  }

  public static Reply post(TestInstance plutro, String path, RequestSigner signer, String body) {
    return post(plutro, path, signer, RequestSigner.Style.CAVAGE, body, Map.of());
  }

  /** Signs {@code body}, then sends it with {@code overrides} replacing headers (or the body under "@body"). */
  public static Reply post(TestInstance plutro, String path, RequestSigner signer,
      RequestSigner.Style style, String body, Map<String, String> overrides) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    MultiMap headers = sign(signer, style, plutro.base() + path, bytes);
    byte[] sent = overrides.containsKey("@body")
        ? overrides.get("@body").getBytes(StandardCharsets.UTF_8) : bytes;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(plutro.base() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(sent));
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (!overrides.containsKey(name) && !name.equalsIgnoreCase("Host")) {
        request.header(name, header.getValue());
      }
    }
    overrides.forEach((name, value) -> {
      if (!name.startsWith("@") && value != null) {
        request.header(name, value);
      }
    });
    return plutro.send(request);
  }

  /** A GET of {@code url} signed by a remote actor, as a server in secure mode fetches. */
  public static Reply get(TestInstance plutro, String url, RequestSigner signer) {
    URI uri = URI.create(url);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Host", uri.getRawAuthority())
        .add("Accept", "application/activity+json");
    signer.sign(RequestSigner.Style.CAVAGE, "GET", uri, headers, new byte[0]);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    headers.forEach((name, value) -> {
      if (!name.equalsIgnoreCase("Host")) {
        request.header(name, value);
      }
    });
    return plutro.send(request);
  }
}
