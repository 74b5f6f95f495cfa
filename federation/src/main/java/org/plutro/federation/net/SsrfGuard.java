package org.plutro.federation.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Keeps federation off our own network: resolves the host of every URL we are asked to reach and
 * refuses loopback, private, link-local, multicast, CGNAT, reserved and documentation addresses
 * (also when reached through NAT64, 6to4 or IPv4-mapped IPv6; Teredo never),
 * and plain http. With {@code allowPrivate} (tests and labs) loopback, private and http pass.
 * The caller connects to the address vetted here, so a second DNS answer cannot redirect it.
 */
public final class SsrfGuard {
  /** A URL that may be reached, and the address to connect to. */
  public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {}

  private final Vertx vertx;
  private final boolean allowPrivate;

  public SsrfGuard(Vertx vertx, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
  }

  public boolean allowsPrivate() {
    return allowPrivate;
  }

  public Future<Target> check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      return Future.failedFuture(new RefusedAddressException("only https URLs may be fetched: " + uri));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty() || uri.getRawUserInfo() != null) {
      return Future.failedFuture(new RefusedAddressException("not a fetchable URL: " + uri));
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    // Name resolution blocks: off the event loop.
    return vertx.<InetAddress[]>executeBlocking(() -> InetAddress.getAllByName(bare), false)
        .recover(failure -> Future.failedFuture(new RefusedAddressException(
            failure instanceof UnknownHostException ? "unknown host " + host : "cannot resolve " + host)))
        .compose(addresses -> {
          for (InetAddress address : addresses) {
            if (!allowed(address)) {
              return Future.failedFuture(new RefusedAddressException(
                  host + " resolves to a non-public address"));
            }
          }
          return Future.succeededFuture(new Target(uri, host, port, tls, addresses[0]));
        });
  }

  /** Whether federation may connect to this address. */
  public boolean allowed(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    boolean local = address.isLoopbackAddress() || address.isSiteLocalAddress()
        || address.isLinkLocalAddress() || isUniqueLocal(address);
    if (local) {
      return allowPrivate && !address.isLinkLocalAddress();
    }
    return !isReserved(address);
  }

  private static boolean isUniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }

  /** CGNAT, documentation, benchmarking, "this network", reserved and IPv4-mapped private ranges. */
  private boolean isReserved(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      int third = b[2] & 0xff;
      return first == 0 || first >= 240
          || (first == 100 && second >= 64 && second <= 127)
          || (first == 192 && second == 0 && (third == 0 || third == 2))
          || (first == 198 && (second == 18 || second == 19))
          || (first == 198 && second == 51 && third == 100)
          || (first == 203 && second == 0 && third == 113);
    }
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible addresses are judged as IPv4.
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    if (mapped && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
      return !allowedIpv4(b[12], b[13], b[14], b[15]);
    }
    // Tunnels and translators that carry an IPv4 address inside an IPv6 one: judged by the IPv4
    // address they reach. NAT64 64:ff9b::/96 (RFC 6052) and 64:ff9b:1::/48 (RFC 8215) carry it in
    // the last four bytes, 6to4 2002::/16 (RFC 3056) in bytes 2 to 5.
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (w0 == 0x0064 && w1 == 0xff9b) {
      return !allowedIpv4(b[12], b[13], b[14], b[15]);
    }
    if (w0 == 0x2002) {
      return !allowedIpv4(b[2], b[3], b[4], b[5]);
    }
    // Teredo 2001::/32 hides its IPv4 server and client obfuscated: never reached. Also
    // 2001:db8::/32 documentation and 100::/64 discard-only.
    boolean discard = w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0;
    return (w0 == 0x2001 && (w1 == 0x0000 || w1 == 0x0db8)) || discard;
  }

  private boolean allowedIpv4(byte a, byte b, byte c, byte d) {
    try {
      return allowed(InetAddress.getByAddress(new byte[] {a, b, c, d}));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
