package org.plutro.server.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The address a request came from. Behind a reverse proxy on the same machine (the README's
 * setup) every connection comes from loopback, so then the address the proxy appended last to
 * {@code X-Forwarded-For} is the client's; from anywhere else the header is ignored, since any
 * client can write it.
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String direct = remote == null ? "unknown" : remote.hostAddress();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded != null && !forwarded.isBlank() && isLoopback(direct)) {
      String[] hops = forwarded.split(",");
      String last = hops[hops.length - 1].trim();
      if (!last.isEmpty()) {
        return last;
      }
    }
    return direct;
  }

  /** The address as a rate-limit key: IPv6 clients are counted per /64, as they usually hold one. */
  public static String throttleKey(String address) {
    if (address.indexOf(':') < 0) {
      return address;
    }
    try {
      byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8 && i < bytes.length; i++) {
        prefix.append(String.format("%02x", bytes[i]));
      }
      return prefix + "::/64";
    } catch (java.net.UnknownHostException e) {
      return address;
    }
  }

  private static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
  }
}
