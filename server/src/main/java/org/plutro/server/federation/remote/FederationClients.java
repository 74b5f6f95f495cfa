package org.plutro.server.federation.remote;

import org.plutro.server.Version;
import io.vertx.core.Vertx;
import org.plutro.federation.delivery.DeliveryClient;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.SsrfGuard;
import org.plutro.federation.webfinger.WebFingerClient;
import org.plutro.server.config.Settings;

/** The protocol library's network clients, configured from the settings (SSRF guard first). */
public record FederationClients(FederationHttpClient http, WebFingerClient webfinger,
    DeliveryClient delivery) {

  public static FederationClients create(Vertx vertx, Settings settings) {
    SsrfGuard guard = new SsrfGuard(vertx, settings.federationAllowPrivate());
    FederationHttpClient http = new FederationHttpClient(vertx, guard, userAgent(settings));
    return new FederationClients(http, new WebFingerClient(http), new DeliveryClient(http));
  }

  /**
   * A client for web pages (link previews) behind the same SSRF guard: 1 MB at most, and
   * {@code timeoutSeconds} for the whole answer.
   */
  public FederationHttpClient pages(Vertx vertx, Settings settings, int timeoutSeconds) {
    long total = timeoutSeconds * 1000L;
    return new FederationHttpClient(vertx, http.guard(), userAgent(settings),
        FederationHttpClient.DEFAULT_MAX_BODY, Math.min(total, 5_000), total);
  }

  private static String userAgent(Settings settings) {
    return "Plutro/" + Version.VERSION + " (+" + settings.publicUrl() + ")";
  }
}
