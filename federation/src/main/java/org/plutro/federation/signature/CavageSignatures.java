package org.plutro.federation.signature;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** draft-cavage-http-signatures-12: reading the Signature header and rebuilding what was signed. */
final class CavageSignatures {
  private static final Set<String> ALGORITHMS = Set.of("rsa-sha256", "hs2019", "ed25519");
  private static final String AUTHORIZATION_SCHEME = "Signature ";
  // Compiled once: String.split compiles a pattern of more than one character at every call.
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private CavageSignatures() {}

  /** The raw parameter list from {@code Signature} or {@code Authorization: Signature}, or null. */
  static String findHeader(SignedRequest request) {
    String signature = request.header("signature");
    if (signature != null) {
      return signature;
    }
    String authorization = request.header("authorization");
    if (authorization != null
        && authorization.regionMatches(true, 0, AUTHORIZATION_SCHEME, 0,
            AUTHORIZATION_SCHEME.length())) {
      return authorization.substring(AUTHORIZATION_SCHEME.length());
    }
    return null;
  }

  static ParsedSignature parse(SignedRequest request, String header, Instant now)
      throws SignatureException {
    SignaturePolicy.checkHeaderLength(header, "Signature");
    Map<String, String> params = parameters(header);
    String keyId = params.get("keyid");
    String signatureText = params.get("signature");
    if (keyId == null || keyId.isEmpty()) {
      throw new SignatureException("Signature header has no keyId");
    }
    if (signatureText == null || signatureText.isEmpty()) {
      throw new SignatureException("Signature header has no signature");
    }
    String algorithm = params.get("algorithm");
    if (algorithm != null) {
      algorithm = algorithm.toLowerCase(Locale.ROOT);
      if (!ALGORITHMS.contains(algorithm)) {
        throw new SignatureException(
            "unsupported signature algorithm " + SafeText.quote(algorithm));
      }
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(signatureText);
    } catch (IllegalArgumentException e) {
      throw new SignatureException("malformed Signature header: signature is not base64");
    }
    List<String> covered = coveredHeaders(params.getOrDefault("headers", "date"));
    Long created = number(params.get("created"), "created");
    Long expires = number(params.get("expires"), "expires");

    if (!covered.contains("(request-target)")) {
      throw new SignatureException("signature does not cover (request-target)");
    }
    if (!covered.contains("host")) {
      throw new SignatureException("signature does not cover host");
    }
    boolean createdCovered = covered.contains("(created)");
    if (!covered.contains("date") && !createdCovered) {
      throw new SignatureException("signature does not cover date");
    }
    if (createdCovered && created == null) {
      throw new SignatureException("signature covers (created) but has no created parameter");
    }
    if (covered.contains("(expires)") && expires == null) {
      throw new SignatureException("signature covers (expires) but has no expires parameter");
    }
    if (created != null) {
      SignaturePolicy.checkTime(Instant.ofEpochSecond(created), now, "signature created time");
    }
    if (expires != null) {
      SignaturePolicy.checkExpires(expires, now);
    }
    String date = request.header("date");
    if (date != null) {
      SignaturePolicy.checkTime(HttpDates.parse(date), now, "Date");
    } else if (!createdCovered) {
      throw new SignatureException("Date header missing");
    }
    SignaturePolicy.checkBodyDigest(request, covered);

    List<String> bases = new ArrayList<>(2);
    bases.add(signingString(request, covered, request.path(), params));
    if (request.query() != null) {
      // Some senders sign the path without its query; Mastodon and GoToSocial accept both.
      bases.add(signingString(request, covered, request.pathWithoutQuery(), params));
    }
    return new ParsedSignature(SignatureStandard.CAVAGE, keyId, algorithm, null, covered, bases,
        signature);
  }

  /** The string to sign (draft-cavage section 2.3) for the given covered headers. */
  static String signingString(SignedRequest request, List<String> covered, String target,
      Map<String, String> params) throws SignatureException {
    StringBuilder out = new StringBuilder(256);
    for (String name : covered) {
      String value = switch (name) {
        case "(request-target)" -> request.method().toLowerCase(Locale.ROOT) + " " + target;
        case "(created)" -> params.get("created");
        case "(expires)" -> params.get("expires");
        case "host" -> request.header("host") != null ? request.header("host")
            : request.authority();
        default -> request.header(name);
      };
      if (value == null) {
        throw new SignatureException("signature covers a missing header " + SafeText.quote(name));
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(name).append(": ").append(value);
    }
    return out.toString();
  }

  private static List<String> coveredHeaders(String headers) throws SignatureException {
    Set<String> covered = new LinkedHashSet<>();
    for (String name : SPACES.split(headers.trim())) {
      if (name.isEmpty()) {
        continue;
      }
      if (!covered.add(name.toLowerCase(Locale.ROOT))) {
        throw new SignatureException("malformed Signature header: a header is listed twice");
      }
      if (covered.size() > SignaturePolicy.MAX_COMPONENTS) {
        throw new SignatureException("malformed Signature header: too many headers");
      }
    }
    if (covered.isEmpty()) {
      throw new SignatureException("malformed Signature header: empty headers list");
    }
    return List.copyOf(covered);
  }

  /** Reads {@code name="value",name=value,...}; names are case-insensitive. */
  private static Map<String, String> parameters(String header) throws SignatureException {
    Map<String, String> params = new HashMap<>();
    int length = header.length();
    int pos = skipSpaces(header, 0);
    while (pos < length) {
      int start = pos;
      while (pos < length && Character.isLetterOrDigit(header.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        throw new SignatureException("malformed Signature header at offset " + pos);
      }
      String name = header.substring(start, pos).toLowerCase(Locale.ROOT);
      pos = skipSpaces(header, pos);
      if (pos >= length || header.charAt(pos) != '=') {
        throw new SignatureException("malformed Signature header at offset " + pos);
      }
      pos = skipSpaces(header, pos + 1);
      String value;
      if (pos < length && header.charAt(pos) == '"') {
        int end = header.indexOf('"', pos + 1);
        if (end < 0) {
          throw new SignatureException("malformed Signature header: unterminated string");
        }
        value = header.substring(pos + 1, end);
        pos = end + 1;
      } else {
        int end = pos;
        while (end < length && header.charAt(end) != ',') {
          end++;
        }
        value = header.substring(pos, end).trim();
        pos = end;
      }
      if (params.put(name, value) != null) {
        throw new SignatureException("malformed Signature header: parameter "
            + SafeText.quote(name) + " given twice");
      }
      pos = skipSpaces(header, pos);
      if (pos >= length) {
        break;
      }
      if (header.charAt(pos) != ',') {
        throw new SignatureException("malformed Signature header at offset " + pos);
      }
      pos = skipSpaces(header, pos + 1);
    }
    if (params.isEmpty()) {
      throw new SignatureException("malformed Signature header: no parameters");
    }
    return params;
  }

  private static Long number(String value, String name) throws SignatureException {
    if (value == null) {
      return null;
    }
    boolean digits = value.chars().allMatch(c -> c >= '0' && c <= '9');
    if (value.isEmpty() || value.length() > 15 || !digits) {
      throw new SignatureException("malformed Signature header: " + name + " is not a number");
    }
    return Long.parseLong(value);
  }

  private static int skipSpaces(String text, int pos) {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
    return pos;
  }
}
