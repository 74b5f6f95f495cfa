package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import org.plutro.server.policy.DomainBlocks;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.function.Supplier;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.webfinger.WebFingerClient;
import org.plutro.server.federation.json.JsonLd;

/**
 * Fetches remote documents through the SSRF-guarded client, signed as our instance actor (servers
 * in secure mode, and every GoToSocial, refuse unsigned GETs), and normalises them. Nothing is
 * asked of a server this one does not federate with ({@link DomainBlocks#mayFederate}).
 */
public final class FederationFetcher implements DocumentFetcher {
  private final FederationHttpClient http;
  private final WebFingerClient webfinger;
  private final JsonLd jsonLd;
  private final Supplier<Future<RequestSigner>> instanceSigner;
  private final DomainBlocks domainBlocks;

  public FederationFetcher(FederationHttpClient http, WebFingerClient webfinger, JsonLd jsonLd,
      Supplier<Future<RequestSigner>> instanceSigner, DomainBlocks domainBlocks) {
    this.domainBlocks = domainBlocks;
    this.http = http;
    this.webfinger = webfinger;
    this.jsonLd = jsonLd;
    this.instanceSigner = instanceSigner;
  }

  @Override
  public Future<JsonObject> fetch(String uri) {
    URI target;
    try {
      target = URI.create(uri);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (!domainBlocks.mayFederateUrl(uri)) {
      return Future.failedFuture(new FetchRefused(uri, 403));
    }
    return instanceSigner.get()
        .compose(signer -> http.get(target, signer))
        .compose(response -> {
          if (response.status() / 100 != 2) {
            return Future.failedFuture(new FetchRefused(uri, response.status()));
          }
          return jsonLd.normalize(response.body());
        });
  }

  @Override
  public Future<String> webfinger(String handle) {
    // Not even asked: a suspended server, or in limited federation mode one not allowed.
    String domain = handle.substring(handle.lastIndexOf('@') + 1);
    if (!domainBlocks.mayFederate(domain)) {
      return Future.failedFuture(new FetchRefused("acct:" + handle, 403));
    }
    return webfinger.lookup(handle).map(URI::toString);
  }
}
