package org.plutro.federation.webfinger;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.HttpResult;
import org.plutro.federation.net.RefusedAddressException;

/**
 * Finds an actor from a handle ({@code user@host}, {@code @user@host:port}, {@code acct:...}) with
 * WebFinger (RFC 7033). The port is part of the host and is kept. Over https; when private
 * addresses are allowed (tests, labs) a server that does not speak TLS is asked over http.
 */
public final class WebFingerClient {
  private static final String ACCEPT = "application/jrd+json, application/json";
  private final FederationHttpClient http;

  public WebFingerClient(FederationHttpClient http) {
    this.http = http;
  }

  /** The link relation of a server's "follow or answer from your own account" page (OStatus). */
  public static final String SUBSCRIBE = "http://ostatus.org/schema/1.0/subscribe";

  /** The actor URI of the handle's {@code self} link. */
  public Future<URI> lookup(String handle) {
    return links(handle).compose(links -> selfLink(links, handle));
  }

  /**
   * The handle's remote-interaction template ({@code http://ostatus.org/schema/1.0/subscribe}),
   * such as {@code https://host/authorize_interaction?uri={uri}}: where its owner follows or
   * answers something from their own server.
   */
  public Future<String> subscribeTemplate(String handle) {
    return links(handle).compose(links -> {
      for (Object item : links) {
        if (item instanceof JsonObject link && SUBSCRIBE.equals(link.getString("rel"))
            && link.getValue("template") instanceof String template && template.contains("{uri}")) {
          return Future.succeededFuture(template);
        }
      }
      return Future.failedFuture(new IllegalStateException("no subscribe template for " + handle));
    });
  }

  /** The {@code links} of the handle's JRD. */
  private Future<JsonArray> links(String handle) {
    String acct = handle.trim();
    if (acct.regionMatches(true, 0, "acct:", 0, 5)) {
      acct = acct.substring(5);
    }
    if (acct.startsWith("@")) {
      acct = acct.substring(1);
    }
    int at = acct.lastIndexOf('@');
    if (at <= 0 || at == acct.length() - 1 || acct.indexOf('/') >= 0) {
      return Future.failedFuture(new IllegalArgumentException("not a handle: " + handle));
    }
    String host = acct.substring(at + 1).toLowerCase();
    String query = "/.well-known/webfinger?resource="
        + URLEncoder.encode("acct:" + acct.substring(0, at) + "@" + host, StandardCharsets.UTF_8);
    URI https;
    try {
      https = URI.create("https://" + host + query);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException("not a handle: " + handle));
    }
    Future<HttpResult> answer = http.get(https, ACCEPT);
    if (http.guard().allowsPrivate()) {
      answer = answer.recover(failure -> failure instanceof RefusedAddressException
          ? Future.failedFuture(failure)
          : http.get(URI.create("http://" + host + query), ACCEPT));
    }
    return answer.compose(result -> links(result, handle));
  }

  private static Future<JsonArray> links(HttpResult result, String handle) {
    if (result.status() != 200) {
      return Future.failedFuture(new IllegalStateException(
          "WebFinger for " + handle + " answered " + result.status()));
    }
    try {
      JsonObject jrd = new JsonObject(io.vertx.core.buffer.Buffer.buffer(result.body()));
      return Future.succeededFuture(jrd.getJsonArray("links", new JsonArray()));
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      return Future.failedFuture(new IllegalStateException("unreadable WebFinger answer for " + handle));
    }
  }

  private static Future<URI> selfLink(JsonArray links, String handle) {
    try {
      for (Object item : links) {
        if (item instanceof JsonObject link && "self".equals(link.getString("rel"))
            && isActivityPub(link.getString("type")) && link.getString("href") != null) {
          return Future.succeededFuture(URI.create(link.getString("href")));
        }
      }
    } catch (ClassCastException | IllegalArgumentException e) {
      return Future.failedFuture(new IllegalStateException("unreadable WebFinger answer for " + handle));
    }
    return Future.failedFuture(new IllegalStateException("no ActivityPub actor for " + handle));
  }

  private static boolean isActivityPub(String type) {
    return type != null && (type.startsWith("application/activity+json")
        || (type.startsWith("application/ld+json") && type.contains("activitystreams")));
  }
}
