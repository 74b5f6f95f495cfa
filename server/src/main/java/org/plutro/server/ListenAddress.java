package org.plutro.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import org.plutro.server.config.Settings;
import org.plutro.server.config.SettingsException;

/**
 * The address the server listens on, checked before the database starts: a host that does not
 * resolve or a port in use stops start-up at once with one line naming the setting and its value,
 * instead of a resolver's or the network stack's words after the migrations ran.
 */
final class ListenAddress {
  private ListenAddress() {}

  static void check(Settings settings) {
    InetAddress host;
    try {
      host = InetAddress.getByName(settings.httpHost());
    } catch (UnknownHostException e) {
      throw new SettingsException("PLUTRO_HTTP_HOST", "is '" + settings.httpHost()
          + "', which is not an address or a host name this machine can resolve");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, settings.httpPort()));
    } catch (IOException e) {
      throw inUse(settings, e);
    }
    if (settings.metricsAddress().isPresent()) {
      checkMetrics(settings, host, settings.metricsAddress().get());
    }
  }

  /** The metrics listener: its own address, never the public one. */
  private static void checkMetrics(Settings settings, InetAddress httpHost, Settings.Address metrics) {
    InetAddress host;
    try {
      host = InetAddress.getByName(metrics.host());
    } catch (UnknownHostException e) {
      throw new SettingsException("PLUTRO_METRICS_ADDRESS", "is '" + metrics
          + "', whose host is not an address or a host name this machine can resolve");
    }
    if (metrics.port() == settings.httpPort()
        && (host.equals(httpHost) || host.isAnyLocalAddress() || httpHost.isAnyLocalAddress())) {
      throw new SettingsException("PLUTRO_METRICS_ADDRESS", "is " + metrics + ", the public"
          + " address: metrics need an address of their own (such as 127.0.0.1:9464)");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, metrics.port()));
    } catch (IOException e) {
      throw new SettingsException("PLUTRO_METRICS_ADDRESS", "is " + metrics + ", which cannot be"
          + " listened on (" + e.getMessage() + "): another program uses it, or " + metrics.host()
          + " is not an address of this machine");
    }
  }

  /** Runs the real listen, naming the settings if it fails for the address (a race with another process). */
  static <T> T named(Settings settings, Callable<T> listen) throws Exception {
    try {
      return listen.call();
    } catch (Exception e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw inUse(settings, cause);
        }
      }
      throw e;
    }
  }

  private static SettingsException inUse(Settings settings, Throwable cause) {
    return new SettingsException("PLUTRO_HTTP_PORT", "is " + settings.httpPort() + ", but "
        + settings.httpHost() + ":" + settings.httpPort() + " cannot be listened on ("
        + cause.getMessage() + "): another program uses it, or PLUTRO_HTTP_HOST="
        + settings.httpHost() + " is not an address of this machine");
  }
}
