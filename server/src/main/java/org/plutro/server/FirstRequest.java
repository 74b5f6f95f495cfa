package org.plutro.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.plutro.server.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request of this server to itself ({@code GET /readyz} over its own listening address), so
 * that the classes of answering a request are loaded before the class-data archive lists the
 * loaded classes. An archive written before any request lacks some 200 of them (Netty's HTTP
 * codec, Vert.x's server side), and every start then reads those from the jar while it answers
 * its first request, which is what says it is ready.
 */
final class FirstRequest {
  private static final Logger LOG = LoggerFactory.getLogger(FirstRequest.class);
  private static final int TIMEOUT_MILLIS = 10_000;

  private FirstRequest() {}

  /** Sends it and reads the answer; a server on TLS is not asked (its classes are not archived). */
  static void send(Settings settings) {
    if (settings.tlsEnabled()) {
      return;
    }
    try {
      InetAddress host = InetAddress.getByName(settings.httpHost());
      if (host.isAnyLocalAddress()) {
        host = InetAddress.getLoopbackAddress();
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, settings.httpPort()), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /readyz HTTP/1.1\r\nHost: " + settings.publicUrl().getAuthority()
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        in.readAllBytes();
      }
    } catch (IOException e) {
      // The archive is written all the same, only without these classes.
      LOG.debug("The server's request to itself failed: {}", e.toString());
    }
  }
}
