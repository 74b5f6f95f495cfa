package org.plutro.server.uri;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Our own addresses for remote files (attachments, avatars, headers, emoji, preview card images),
 * so that a member's browser or app loads them from us and never tells their origin who reads:
 * {@code /media/remote/<kind>/<mac>/<origin>}, the origin URL in base64url and a MAC of kind and
 * origin under a key of this instance. Only addresses we made are served, so the route that
 * serves them (fetching on first use) is no open proxy. Anything that shows a remote image calls
 * {@link #proxied}.
 */
public final class RemoteMediaUrls {
  /** What a file is for: it decides the size limit and how an image is stored. */
  public enum Kind {
    ATTACHMENT, AVATAR, HEADER, EMOJI, CARD;

    public String path() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> of(String path) {
      for (Kind kind : values()) {
        if (kind.path().equals(path)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  /** A verified address: the origin URL and what it is for. */
  public record Origin(Kind kind, String url) {}

  public static final String PREVIEW_SUFFIX = "/small";
  private static final String VERSION = "v";
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final String local;
  private final String prefix;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  RemoteMediaUrls(String base, byte[] key) {
    this.local = base + "/";
    this.prefix = base + "/media/remote/";
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /**
   * Our address for {@code url}: the same if it is ours already, null if it is no web address
   * (others' servers send what they like; callers fall back to a default).
   */
  public String proxied(String url, Kind kind) {
    if (url == null || url.startsWith(local)) {
      return url;
    }
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      return null;
    }
    return prefix + kind.path() + "/" + mac(kind, url) + "/"
        + ENCODER.encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Our address for {@code url} naming the copy we hold ({@code version}, none when null): when
   * the copy changes at the same origin address, the new address makes browsers load it. Any
   * version, an old one too, is answered with the copy we hold now.
   */
  public String versioned(String url, Kind kind, String version) {
    String proxied = proxied(url, kind);
    return proxied == null || version == null || !proxied.startsWith(prefix) ? proxied
        : proxied + "?" + VERSION + "=" + URLEncoder.encode(version, StandardCharsets.UTF_8);
  }

  /** Our address for the small version (a preview) of a remote image. */
  public String preview(String url, Kind kind) {
    String proxied = proxied(url, kind);
    return proxied == null || !proxied.startsWith(prefix) ? proxied : proxied + PREVIEW_SUFFIX;
  }

  /** The origin an address of ours names, if its MAC is right. */
  public Optional<Origin> verify(String kindPath, String mac, String encoded) {
    Optional<Kind> kind = Kind.of(kindPath);
    if (kind.isEmpty() || mac == null || encoded == null) {
      return Optional.empty();
    }
    String url;
    try {
      url = new String(DECODER.decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] expected = mac(kind.get(), url).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, mac.getBytes(StandardCharsets.US_ASCII))
        || !(url.startsWith("https://") || url.startsWith("http://"))) {
      return Optional.empty();
    }
    return Optional.of(new Origin(kind.get(), url));
  }

  private String mac(Kind kind, String url) {
    Mac mac = macs.get();
    mac.update(kind.path().getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) ' ');
    byte[] full = mac.doFinal(url.getBytes(StandardCharsets.UTF_8));
    return ENCODER.encodeToString(java.util.Arrays.copyOf(full, MAC_BYTES));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
