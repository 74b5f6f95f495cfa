package org.plutro.federation.push;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * VAPID (RFC 8292): the application server identifies itself to a push service with a JWT signed
 * ES256 by its P-256 key, for the push service's origin, valid for 12 hours.
 */
public final class Vapid {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;
  private final String subject;

  /** {@code subject}: a {@code mailto:} or {@code https:} URI the push service may contact. */
  public Vapid(KeyPair keys, String subject) {
    this.keys = keys;
    this.subject = subject;
  }

  /** The public key as apps receive it ({@code server_key}): the base64url uncompressed point. */
  public String publicKey() {
    return B64URL.encodeToString(WebPushCrypto.point((ECPublicKey) keys.getPublic()));
  }

  /** The JWT for pushes to {@code endpoint}, expiring at {@code now} + 12 hours. */
  public String token(URI endpoint, Instant now) throws GeneralSecurityException {
    String audience = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    String header = B64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
    String claims = B64URL.encodeToString(("{\"aud\":\"" + json(audience) + "\",\"exp\":"
        + (now.getEpochSecond() + 12 * 3600) + ",\"sub\":\"" + json(subject) + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initSign(keys.getPrivate());
    signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + B64URL.encodeToString(signature.sign());
  }

  /** RFC 8292's header, for {@code aes128gcm} pushes. */
  public String authorization(URI endpoint, Instant now) throws GeneralSecurityException {
    return "vapid t=" + token(endpoint, now) + ", k=" + publicKey();
  }

  private static String json(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
