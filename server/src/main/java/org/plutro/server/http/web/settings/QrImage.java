package org.plutro.server.http.web.settings;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as the data of one SVG path: a unit square per dark module, inside the quiet zone of
 * four modules that readers need. The page draws it inline, so no image is fetched or stored.
 */
public record QrImage(int size, String path) {
  private static final int QUIET_ZONE = 4;

  public static QrImage of(String text) {
    QrCode code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < code.size; y++) {
      for (int x = 0; x < code.size; x++) {
        if (code.getModule(x, y)) {
          path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
        }
      }
    }
    return new QrImage(code.size + 2 * QUIET_ZONE, path.toString());
  }
}
