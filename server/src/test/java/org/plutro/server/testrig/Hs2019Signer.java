package org.plutro.server.testrig;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.signature.Digests;

/**
 * Signs draft-cavage with {@code algorithm="hs2019"}, as GoToSocial does (RSA, meaning
 * RSA-SHA256) and as a peer with Ed25519 keys does (our own signer writes draft-cavage signatures
 * as rsa-sha256, with RSA keys only).
 */
final class Hs2019Signer implements RequestSigner {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private final String keyId;
  private final PrivateKey key;

  Hs2019Signer(String keyId, PrivateKey key) {
    this.keyId = keyId;
    this.key = key;
  }

  @Override
  public void sign(Style style, String method, URI target, MultiMap headers, byte[] body) {
    headers.set("Host", target.getRawAuthority());
    headers.set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    List<String> covered = new ArrayList<>(List.of("(request-target)", "host", "date"));
    StringBuilder text = new StringBuilder("(request-target): " + method.toLowerCase() + " "
        + target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()))
        .append("\nhost: ").append(headers.get("Host"))
        .append("\ndate: ").append(headers.get("Date"));
    if (body != null && body.length > 0) {
      headers.set("Digest", Digests.digestHeader(body));
      covered.add("digest");
      text.append("\ndigest: ").append(headers.get("Digest"));
    }
    try {
      Signature signature = KeyPairs.isEd25519(key) ? Signature.getInstance("Ed25519", KeyPairs.BC)
          : Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(text.toString().getBytes(StandardCharsets.UTF_8));
      headers.set("Signature", "keyId=\"" + keyId + "\",algorithm=\"hs2019\",headers=\""
          + String.join(" ", covered) + "\",signature=\""
          + Base64.getEncoder().encodeToString(signature.sign()) + "\"");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
