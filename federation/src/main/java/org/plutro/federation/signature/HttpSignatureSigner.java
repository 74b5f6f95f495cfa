package org.plutro.federation.signature;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.signature.StructuredFields.InnerList;
import org.plutro.federation.signature.StructuredFields.Item;

/**
 * Signs outgoing requests as one actor key: draft-cavage with the header sets Mastodon uses, or
 * RFC 9421 with {@code @method @target-uri @authority [content-digest] date}. Adds Host, Date and
 * the body digest when they are missing. Thread-safe.
 */
public final class HttpSignatureSigner implements RequestSigner {
  private static final String RFC9421_LABEL = "sig1";

  private final String keyId;
  private final PrivateKey key;
  private final Clock clock;
  private final SignatureAlgorithm rfc9421Algorithm;

  public HttpSignatureSigner(String keyId, PrivateKey key) {
    this(keyId, key, Clock.systemUTC());
  }

  /** With a clock, for tests. */
  public HttpSignatureSigner(String keyId, PrivateKey key, Clock clock) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (keyId.isEmpty() || keyId.indexOf('"') >= 0 || keyId.indexOf('\\') >= 0
        || !keyId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("keyId must be printable ASCII without quotes");
    }
    if (key instanceof RSAKey) {
      rfc9421Algorithm = SignatureAlgorithm.RSA_V1_5_SHA256;
    } else if (KeyPairs.isEd25519(key)) {
      rfc9421Algorithm = SignatureAlgorithm.ED25519;
    } else {
      throw new IllegalArgumentException("only RSA and Ed25519 keys can sign requests");
    }
  }

  public String keyId() {
    return keyId;
  }

  /**
   * Adds the signature headers (and Host, Date, Digest or Content-Digest when missing).
   *
   * @throws IllegalStateException for a draft-cavage signature with a non-RSA key, which no
   *     draft-cavage peer would accept
   */
  @Override
  public void sign(Style style, String method, URI target, MultiMap headers, byte[] body) {
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
    if (style == Style.CAVAGE && rfc9421Algorithm != SignatureAlgorithm.RSA_V1_5_SHA256) {
      throw new IllegalStateException("draft-cavage signatures need an RSA key");
    }
    if (!headers.contains("host")) {
      headers.set("Host", target.getRawAuthority());
    }
    if (!headers.contains("date")) {
      headers.set("Date", HttpDates.format(clock.instant()));
    }
    boolean withBody = Digests.expectsBody(method, body);
    byte[] content = body == null ? new byte[0] : body;
    SignedRequest request = new SignedRequest(method, requestTarget(target),
        headers.get("host"), target.getScheme(), headers, content);
    try {
      if (style == Style.CAVAGE) {
        signCavage(request, withBody);
      } else {
        signRfc9421(request, withBody);
      }
    } catch (SignatureException e) {
      throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
    }
  }

  private void signCavage(SignedRequest request, boolean withBody) throws SignatureException {
    MultiMap headers = request.headers();
    List<String> covered = new ArrayList<>(List.of("(request-target)", "host", "date"));
    if (withBody) {
      headers.set("Digest", Digests.digestHeader(request.body()));
      covered.add("digest");
      if (headers.contains("content-type")) {
        covered.add("content-type");
      }
    } else if (headers.contains("accept")) {
      covered.add("accept");
    }
    String signingString =
        CavageSignatures.signingString(request, covered, request.path(), Map.of());
    byte[] signature = SignatureAlgorithm.RSA_V1_5_SHA256.sign(key,
        signingString.getBytes(StandardCharsets.UTF_8));
    headers.set("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\""
        + String.join(" ", covered) + "\",signature=\""
        + Base64.getEncoder().encodeToString(signature) + "\"");
  }

  private void signRfc9421(SignedRequest request, boolean withBody) throws SignatureException {
    MultiMap headers = request.headers();
    List<Item> components = new ArrayList<>();
    for (String name : List.of("@method", "@target-uri", "@authority")) {
      components.add(new Item(name, Map.of()));
    }
    if (withBody) {
      headers.set("Content-Digest", Digests.contentDigestHeader(request.body()));
      components.add(new Item("content-digest", Map.of()));
    }
    components.add(new Item("date", Map.of()));
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("created", clock.instant().getEpochSecond());
    params.put("keyid", keyId);
    params.put("alg", rfc9421Algorithm.rfc9421Name());
    InnerList signatureParams = new InnerList(List.copyOf(components), params);
    String base = Rfc9421Signatures.signatureBase(request, signatureParams);
    byte[] signature = rfc9421Algorithm.sign(key, base.getBytes(StandardCharsets.UTF_8));
    headers.set("Signature-Input",
        RFC9421_LABEL + "=" + StructuredFields.serialize(signatureParams));
    headers.set("Signature", RFC9421_LABEL + "=:"
        + Base64.getEncoder().encodeToString(signature) + ":");
  }

  /** Path and query as they go on the request line; "/" for an empty path. */
  private static String requestTarget(URI target) {
    String path = target.getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    String query = target.getRawQuery();
    return query == null ? path : path + "?" + query;
  }

  @Override
  public String toString() {
    return "HttpSignatureSigner[" + keyId + ", "
        + key.getAlgorithm().toLowerCase(Locale.ROOT) + "]";
  }
}
