package org.plutro.federation.signature;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.plutro.federation.signature.StructuredFields.ByteSequence;
import org.plutro.federation.signature.StructuredFields.InnerList;
import org.plutro.federation.signature.StructuredFields.Item;

/** RFC 9421: reading Signature-Input and Signature, and building the signature base. */
final class Rfc9421Signatures {
  private static final int MAX_LABELS = 8;

  private Rfc9421Signatures() {}

  /** Applies the policy to each label in order and returns the first that meets it. */
  static ParsedSignature parse(SignedRequest request, Instant now) throws SignatureException {
    Map<String, Object> inputs = inputs(request);
    Map<String, Object> signatures = signatures(request);
    SignatureException firstFailure = null;
    for (var input : inputs.entrySet()) {
      try {
        // Policy first: a label that covers too little is refused before its base is built.
        if (input.getValue() instanceof InnerList list) {
          checkPolicy(request, list, now);
        }
        return read(request, input.getKey(), input.getValue(), signatures);
      } catch (SignatureException e) {
        if (firstFailure == null) {
          firstFailure = e;
        }
      }
    }
    throw firstFailure;
  }

  /** Reads one label without the policy checks: for known-answer tests of the base alone. */
  static ParsedSignature parseWithoutPolicy(SignedRequest request, String label)
      throws SignatureException {
    Object input = inputs(request).get(label);
    if (input == null) {
      throw new SignatureException("no signature labelled " + SafeText.quote(label));
    }
    return read(request, label, input, signatures(request));
  }

  /** The signature base (RFC 9421 section 2.5) for the covered components and parameters. */
  static String signatureBase(SignedRequest request, InnerList signatureParams)
      throws SignatureException {
    StringBuilder base = new StringBuilder(512);
    for (Item component : signatureParams.items()) {
      base.append(StructuredFields.serialize(component)).append(": ")
          .append(componentValue(request, component)).append('\n');
    }
    return base.append("\"@signature-params\": ")
        .append(StructuredFields.serialize(signatureParams)).toString();
  }

  /** {@code @authority}: the Host value, lower-cased, without the scheme's default port. */
  static String normalizedAuthority(String authority, String scheme) {
    String lower = authority.toLowerCase(Locale.ROOT);
    String defaultPort = "https".equalsIgnoreCase(scheme) ? ":443"
        : "http".equalsIgnoreCase(scheme) ? ":80" : null;
    if (defaultPort != null && lower.endsWith(defaultPort)) {
      return lower.substring(0, lower.length() - defaultPort.length());
    }
    return lower;
  }

  private static Map<String, Object> inputs(SignedRequest request) throws SignatureException {
    String header = request.header("signature-input");
    if (header == null) {
      throw new SignatureException("request is not signed");
    }
    SignaturePolicy.checkHeaderLength(header, "Signature-Input");
    Map<String, Object> inputs = StructuredFields.parseDictionary(header, "Signature-Input");
    if (inputs.isEmpty()) {
      throw new SignatureException("Signature-Input header is empty");
    }
    if (inputs.size() > MAX_LABELS) {
      throw new SignatureException("too many signatures on one request");
    }
    return inputs;
  }

  private static Map<String, Object> signatures(SignedRequest request) throws SignatureException {
    String header = request.header("signature");
    if (header == null) {
      throw new SignatureException("Signature-Input without a Signature header");
    }
    SignaturePolicy.checkHeaderLength(header, "Signature");
    return StructuredFields.parseDictionary(header, "Signature");
  }

  private static ParsedSignature read(SignedRequest request, String label, Object input,
      Map<String, Object> signatures) throws SignatureException {
    if (!(input instanceof InnerList signatureParams)) {
      throw new SignatureException("malformed Signature-Input: " + SafeText.quote(label)
          + " is not an inner list");
    }
    if (!(signatures.get(label) instanceof Item item)
        || !(item.value() instanceof ByteSequence signature)) {
      throw new SignatureException("no Signature value for " + SafeText.quote(label));
    }
    if (signatureParams.items().size() > SignaturePolicy.MAX_COMPONENTS) {
      throw new SignatureException("too many covered components");
    }
    List<String> covered = new ArrayList<>();
    Set<String> identifiers = new HashSet<>();
    for (Item component : signatureParams.items()) {
      if (!(component.value() instanceof String name)) {
        throw new SignatureException("malformed Signature-Input: component is not a string");
      }
      if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isEmpty()) {
        throw new SignatureException("malformed Signature-Input: component "
            + SafeText.quote(name) + " is not lower case");
      }
      if (!identifiers.add(StructuredFields.serialize(component))) {
        throw new SignatureException("malformed Signature-Input: component listed twice");
      }
      covered.add(name);
    }
    Map<String, Object> params = signatureParams.params();
    if (!(params.get("keyid") instanceof String keyId) || keyId.isEmpty()) {
      throw new SignatureException("signature " + SafeText.quote(label) + " has no keyid");
    }
    String algorithm = null;
    Object alg = params.get("alg");
    if (alg != null) {
      if (!(alg instanceof String name) || SignatureAlgorithm.fromRfc9421(name) == null) {
        throw new SignatureException("unsupported signature algorithm "
            + SafeText.quote(String.valueOf(alg)));
      }
      algorithm = name;
    }
    for (String timestamp : List.of("created", "expires")) {
      if (params.containsKey(timestamp) && !(params.get(timestamp) instanceof Long)) {
        throw new SignatureException("malformed Signature-Input: " + timestamp
            + " is not an integer");
      }
    }
    String base = signatureBase(request, signatureParams);
    return new ParsedSignature(SignatureStandard.RFC9421, keyId, algorithm, label, covered,
        List.of(base), signature.bytes());
  }

  private static void checkPolicy(SignedRequest request, InnerList input, Instant now)
      throws SignatureException {
    Map<String, Object> params = input.params();
    List<Object> covered = new ArrayList<>();
    for (Item component : input.items()) {
      covered.add(component.value());
    }
    if (!covered.contains("@method")) {
      throw new SignatureException("signature does not cover @method");
    }
    if (!covered.contains("@target-uri")
        && !(covered.contains("@path") && covered.contains("@authority"))) {
      throw new SignatureException(
          "signature does not cover @target-uri (or @path and @authority)");
    }
    if (!covered.contains("@authority") && !covered.contains("host")) {
      throw new SignatureException("signature does not cover @authority or host");
    }
    Long created = params.get("created") instanceof Long number ? number : null;
    if (!covered.contains("date") && created == null) {
      throw new SignatureException("signature does not cover date and has no created time");
    }
    if (created != null) {
      SignaturePolicy.checkTime(Instant.ofEpochSecond(created), now, "signature created time");
    }
    if (covered.contains("date")) {
      String date = request.header("date");
      if (date == null) {
        throw new SignatureException("Date header missing");
      }
      SignaturePolicy.checkTime(HttpDates.parse(date), now, "Date");
    }
    if (params.get("expires") instanceof Long expires) {
      SignaturePolicy.checkExpires(expires, now);
    }
    SignaturePolicy.checkBodyDigest(request, covered);
  }

  private static String componentValue(SignedRequest request, Item component)
      throws SignatureException {
    String name = (String) component.value();
    boolean hasParams = !component.params().isEmpty();
    if (hasParams && !(name.equals("@query-param") && component.params().size() == 1
        && component.params().get("name") instanceof String)) {
      throw new SignatureException("unsupported component parameters on "
          + SafeText.quote(name));
    }
    return switch (name) {
      case "@method" -> request.method();
      case "@target-uri" -> request.scheme().toLowerCase(Locale.ROOT) + "://"
          + request.authority() + request.path();
      case "@authority" -> normalizedAuthority(request.authority(), request.scheme());
      case "@scheme" -> request.scheme().toLowerCase(Locale.ROOT);
      case "@request-target" -> request.path();
      case "@path" -> request.pathWithoutQuery().isEmpty() ? "/" : request.pathWithoutQuery();
      case "@query" -> "?" + (request.query() == null ? "" : request.query());
      case "@query-param" -> queryParam(request, (String) component.params().get("name"));
      case "@signature-params" -> throw new SignatureException(
          "malformed Signature-Input: @signature-params cannot be covered");
      default -> {
        if (name.startsWith("@")) {
          throw new SignatureException("unsupported derived component " + SafeText.quote(name));
        }
        String value = request.header(name);
        if (value == null && name.equals("host")) {
          value = request.authority();
        }
        if (value == null) {
          throw new SignatureException("signature covers a missing header "
              + SafeText.quote(name));
        }
        yield value;
      }
    };
  }

  /**
   * {@code @query-param} (section 2.2.8): the value decoded, then percent-encoded as HTML's
   * application/x-www-form-urlencoded serializer does, except that spaces become %20 as in the
   * RFC's examples.
   */
  private static String queryParam(SignedRequest request, String wanted)
      throws SignatureException {
    String query = request.query();
    String found = null;
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        // The name parameter holds the encoded name, so both are compared encoded.
        String name = encode(decode(equals < 0 ? pair : pair.substring(0, equals)));
        if (name.equals(wanted)) {
          if (found != null) {
            throw new SignatureException("query parameter " + SafeText.quote(wanted)
                + " appears more than once");
          }
          found = encode(decode(equals < 0 ? "" : pair.substring(equals + 1)));
        }
      }
    }
    if (found == null) {
      throw new SignatureException("signature covers a missing query parameter "
          + SafeText.quote(wanted));
    }
    return found;
  }

  private static String decode(String text) throws SignatureException {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SignatureException("malformed query string");
    }
  }

  private static String encode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '*' || c == '-' || c == '.' || c == '_') {
        out.write(c);
      } else {
        out.write('%');
        out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.write(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
