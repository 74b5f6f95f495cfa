package org.plutro.federation.net;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.plutro.federation.http.RequestSigner;

/**
 * Every request federation makes goes through here: the SSRF guard first (and again for each
 * redirect), then a connection to the vetted address, signed if a signer is given, with connect
 * and total time limits and a cap on the answer's size.
 */
public final class FederationHttpClient {
  public static final String ACTIVITY_ACCEPT =
      "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
  public static final int DEFAULT_MAX_BODY = 1024 * 1024;
  private static final int MAX_REDIRECTS = 3;
  /**
   * How often idle connections past their keep-alive are closed. Each sweep visits every server
   * ever connected to: once a second (Vert.x's default) a closure to 5,000 instances spent a
   * fifteenth of its CPU on sweeping.
   */
  private static final int POOL_SWEEP_MILLIS = 10_000;

  private final Vertx vertx;
  private final SsrfGuard guard;
  private final HttpClient client;
  private final String userAgent;
  private final int maxBody;
  private final long connectTimeoutMs;
  private final long totalTimeoutMs;
  // Signing (an RSA signature, a millisecond or more) runs here, in parallel on every core,
  // rather than on the event loop that carries the connections: a fan-out to thousands of
  // instances would otherwise hold back every answer behind the signatures queued before it.
  private final WorkerExecutor signing;

  public FederationHttpClient(Vertx vertx, SsrfGuard guard, String userAgent) {
    this(vertx, guard, userAgent, DEFAULT_MAX_BODY, 5_000, 15_000);
  }

  public FederationHttpClient(Vertx vertx, SsrfGuard guard, String userAgent, int maxBody,
      long connectTimeoutMs, long totalTimeoutMs) {
    this.vertx = vertx;
    this.guard = guard;
    this.userAgent = userAgent;
    this.maxBody = maxBody;
    this.connectTimeoutMs = connectTimeoutMs;
    this.totalTimeoutMs = totalTimeoutMs;
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) connectTimeoutMs)
            .setKeepAlive(true)
            .setVerifyHost(true)
            .setTrustAll(false),
        new PoolOptions().setHttp1MaxSize(8).setCleanerPeriod(POOL_SWEEP_MILLIS));
    this.signing = vertx.createSharedWorkerExecutor("plutro-signing",
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public SsrfGuard guard() {
    return guard;
  }

  /** GETs an ActivityPub document, signed (draft-cavage, which every peer verifies) if a signer is given. */
  public Future<HttpResult> get(URI uri, RequestSigner signer) {
    return get(uri, ACTIVITY_ACCEPT, signer, 0);
  }

  /** An unsigned GET with the given Accept (WebFinger, NodeInfo). */
  public Future<HttpResult> get(URI uri, String accept) {
    return get(uri, accept, null, 0);
  }

  /**
   * An unsigned GET of a file (remote media) streamed into {@code target} (the answer's body is
   * empty), at most {@code maxBody} bytes: a larger one fails with {@link BodyTooLargeException} as
   * soon as its length or its bytes say so, leaving a partial file for the caller to delete.
   */
  public Future<HttpResult> download(URI uri, String accept, long maxBody, Path target) {
    return get(uri, accept, null, 0, maxBody, target);
  }

  /** An unsigned HEAD; a redirect is answered, not followed (its Location is what is asked). */
  public Future<HttpResult> head(URI uri) {
    return send(HttpMethod.HEAD, uri, MultiMap.caseInsensitiveMultiMap().add("Accept", "*/*"), null,
        null, RequestSigner.Style.CAVAGE);
  }

  /** POSTs a body, signed in the given style. Redirects are not followed. */
  public Future<HttpResult> post(URI uri, byte[] body, String contentType, RequestSigner signer,
      RequestSigner.Style style) {
    return post(uri, body, contentType, signer, style, () -> { });
  }

  /** POSTs a body, signed in the given style, calling {@code sent} once it is signed and goes out. */
  public Future<HttpResult> post(URI uri, byte[] body, String contentType, RequestSigner signer,
      RequestSigner.Style style, Runnable sent) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", contentType)
        .add("Accept", ACTIVITY_ACCEPT);
    return send(HttpMethod.POST, uri, headers, body, signer, style, maxBody, null, sent);
  }

  /** An unsigned POST with the caller's headers (a Web Push message to a push service). */
  public Future<HttpResult> post(URI uri, byte[] body, MultiMap headers) {
    return send(HttpMethod.POST, uri, MultiMap.caseInsensitiveMultiMap().addAll(headers), body, null,
        RequestSigner.Style.CAVAGE);
  }

  private Future<HttpResult> get(URI uri, String accept, RequestSigner signer, int redirects) {
    return get(uri, accept, signer, redirects, maxBody, null);
  }

  private Future<HttpResult> get(URI uri, String accept, RequestSigner signer, int redirects,
      long limit, Path intoFile) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", accept);
    return send(HttpMethod.GET, uri, headers, null, signer, RequestSigner.Style.CAVAGE, limit, intoFile,
        () -> { })
        .compose(result -> {
          String location = result.headers().get("Location");
          if (result.status() / 100 == 3 && location != null) {
            if (redirects >= MAX_REDIRECTS) {
              return Future.failedFuture(new IllegalStateException("too many redirects from " + uri));
            }
            URI next;
            try {
              next = uri.resolve(location);
            } catch (IllegalArgumentException e) {
              return Future.failedFuture(new IllegalStateException("bad redirect from " + uri));
            }
            return get(next, accept, signer, redirects + 1, limit, intoFile);
          }
          return Future.succeededFuture(result);
        });
  }

  private Future<HttpResult> send(HttpMethod method, URI uri, MultiMap headers, byte[] body,
      RequestSigner signer, RequestSigner.Style style) {
    return send(method, uri, headers, body, signer, style, maxBody, null, () -> { });
  }

  private Future<HttpResult> send(HttpMethod method, URI uri, MultiMap headers, byte[] body,
      RequestSigner signer, RequestSigner.Style style, long maxBody, Path intoFile, Runnable sent) {
    return guard.check(uri).compose(target -> {
      String authority = uri.getRawAuthority();
      headers.set("Host", authority);
      headers.set("User-Agent", userAgent);
      Future<Void> signed = signer == null ? Future.succeededFuture()
          : signing.executeBlocking(() -> {
            signer.sign(style, method.name(), uri, headers, body);
            return null;
          }, false);
      return signed.compose(ready -> {
        sent.run();
        return request(method, uri, headers, body, maxBody, intoFile, target);
      });
    });
  }

  private Future<HttpResult> request(HttpMethod method, URI uri, MultiMap headers, byte[] body,
      long maxBody, Path intoFile, SsrfGuard.Target target) {
    String authority = uri.getRawAuthority();
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    RequestOptions options = new RequestOptions()
        .setMethod(method)
        .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.tls())
        .setURI(path)
        .setHeaders(headers)
        .setConnectTimeout(connectTimeoutMs)
        .setIdleTimeout(totalTimeoutMs)
        .setFollowRedirects(false);
    Promise<HttpResult> promise = Promise.promise();
    long timer = vertx.setTimer(totalTimeoutMs, id -> promise.tryFail(
        new TimeoutException("no answer from " + authority + " within " + totalTimeoutMs + " ms")));
    client.request(options).onComplete(requested -> {
      if (requested.failed()) {
        promise.tryFail(requested.cause());
        return;
      }
      var request = requested.result();
      promise.future().onFailure(failure -> request.reset());
      Future<HttpClientResponse> sent = body == null ? request.send() : request.send(Buffer.buffer(body));
      sent.onFailure(promise::tryFail).onSuccess(response -> {
        if (intoFile == null) {
          read(response, promise, maxBody);
        } else {
          readInto(intoFile, response, promise, maxBody);
        }
      });
    });
    return promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static void read(HttpClientResponse response, Promise<HttpResult> promise, long maxBody) {
    // Before anything can fail: the reset that follows a refusal must not surface as unhandled.
    response.exceptionHandler(promise::tryFail);
    if (announcedTooLarge(response, maxBody)) {
      promise.tryFail(new BodyTooLargeException(maxBody));
      return;
    }
    Buffer received = Buffer.buffer();
    response.handler(chunk -> {
      if (received.length() + chunk.length() > maxBody) {
        promise.tryFail(new BodyTooLargeException(maxBody));
      } else {
        received.appendBuffer(chunk);
      }
    });
    response.endHandler(end -> promise.tryComplete(
        new HttpResult(response.statusCode(), response.headers(), received.getBytes())));
  }

  // Written as it arrives (a large video is never whole in memory), pausing while the disk lags.
  private void readInto(Path target, HttpClientResponse response, Promise<HttpResult> promise,
      long maxBody) {
    response.exceptionHandler(promise::tryFail);
    if (announcedTooLarge(response, maxBody)) {
      promise.tryFail(new BodyTooLargeException(maxBody));
      return;
    }
    response.pause();
    vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreate(true)
            .setTruncateExisting(true))
        .onFailure(promise::tryFail)
        .onSuccess(file -> {
          promise.future().onFailure(failed -> file.close());
          long[] received = {0};
          response.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > maxBody) {
              promise.tryFail(new BodyTooLargeException(maxBody));
              return;
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
              response.pause();
              file.drainHandler(drained -> response.resume());
            }
          });
          response.endHandler(end -> file.close().onComplete(closed -> {
            if (closed.failed()) {
              promise.tryFail(closed.cause());
            } else {
              promise.tryComplete(new HttpResult(response.statusCode(), response.headers(),
                  new byte[0]));
            }
          }));
          response.resume();
        });
  }

  private static boolean announcedTooLarge(HttpClientResponse response, long maxBody) {
    String length = response.getHeader("Content-Length");
    try {
      return length != null && Long.parseLong(length.trim()) > maxBody;
    } catch (NumberFormatException e) {
      return false; // judged by what arrives
    }
  }
}
