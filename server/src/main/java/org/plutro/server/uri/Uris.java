package org.plutro.server.uri;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plutro.server.domain.CustomEmoji;

/** The one place that builds and parses this instance's URIs (actors, collections, objects). */
public final class Uris {
  public static final String INSTANCE_ACTOR_USERNAME = "instance.actor";
  private static final Pattern ACTOR_PATH = Pattern.compile("^/users/([A-Za-z0-9_]+)$");
  private static final Pattern PROFILE_PATH = Pattern.compile("^/@([A-Za-z0-9_]+)$");

  private final String base;
  private final String authority;
  private final RemoteMediaUrls remoteMedia;

  /** With a key made for this process only: remote media addresses last until it stops. */
  public Uris(URI publicUrl) {
    this(publicUrl, randomKey());
  }

  /** {@code mediaKey}: the instance's key for {@link RemoteMediaUrls}, the same in every process. */
  public Uris(URI publicUrl, byte[] mediaKey) {
    this.base = publicUrl.toString();
    this.authority = publicUrl.getRawAuthority();
    this.remoteMedia = new RemoteMediaUrls(base, mediaKey);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return key;
  }

  /** Our addresses for remote files: what pages and API entities show instead of their origin. */
  public RemoteMediaUrls remoteMedia() {
    return remoteMedia;
  }

  public String base() {
    return base;
  }

  /** host[:port], as it appears in handles ({@code alice@example.org}). */
  public String authority() {
    return authority;
  }

  public String actor(String username) {
    return base + "/users/" + username;
  }

  public String instanceActor() {
    return base + "/actor";
  }

  /** The instance actor's (always empty) featured collection, which GoToSocial reads. */
  public String instanceFeatured() {
    return instanceActor() + "/collections/featured";
  }

  public String mainKey(String actorUri) {
    return actorUri + "#main-key";
  }

  public String ed25519Key(String actorUri) {
    return actorUri + "#ed25519-key";
  }

  public String inbox(String username) {
    return actor(username) + "/inbox";
  }

  public String outbox(String username) {
    return actor(username) + "/outbox";
  }

  public String followers(String username) {
    return actor(username) + "/followers";
  }

  public String following(String username) {
    return actor(username) + "/following";
  }

  public String featured(String username) {
    return actor(username) + "/collections/featured";
  }

  public String sharedInbox() {
    return base + "/inbox";
  }

  public String profilePage(String username) {
    return base + "/@" + username;
  }

  /** Where a hashtag's page lives: {@code base/tags/name}. */
  public String tag(String name) {
    return base + "/tags/" + name;
  }

  public String tagsBase() {
    return base + "/tags";
  }

  /** A local post's {@code replies} collection. */
  public String replies(String statusUri) {
    return statusUri + "/replies";
  }

  public String acct(String username) {
    return username + "@" + authority;
  }

  public String defaultAvatar() {
    return base + "/avatars/original/missing.png";
  }

  public String defaultHeader() {
    return base + "/headers/original/missing.png";
  }

  /** A stored media file: {@code folder} is {@code original} or {@code small}. */
  public String mediaFile(String folder, String name) {
    return base + "/media/" + folder + "/" + name;
  }

  /**
   * Where a custom emoji's image is read: our media file, or our copy of the other server's,
   * its address versioned by the copy (served for a year, a refreshed image needs a new address).
   * The one place that decides it, for the API, the pages and our documents alike.
   */
  public String emojiImage(CustomEmoji emoji) {
    return emoji.isLocal() ? mediaFile("original", emoji.fileName())
        : remoteMedia.versioned(emoji.imageUrl(), RemoteMediaUrls.Kind.EMOJI, emoji.copyVersion());
  }

  /** The emoji's still image: ours when it moves, else the image itself. */
  public String emojiStatic(CustomEmoji emoji) {
    return emoji.isLocal() && emoji.staticFileName() != null
        ? mediaFile("small", emoji.staticFileName()) : emojiImage(emoji);
  }

  /** The link mailed to confirm an address (a new member's, or a new one), Mastodon's path. */
  public String confirmationLink(String token) {
    return base + "/auth/confirmation?confirmation_token=" + token;
  }

  /** The link mailed to choose a new password, Mastodon's path. */
  public String passwordResetLink(String token) {
    return base + "/auth/password/edit?reset_password_token=" + token;
  }

  /** The page where a member asks for a password reset link. */
  public String passwordResetPage() {
    return base + "/auth/password/new";
  }

  /** The sign-in page (mailed to a member once a moderator lets them in). */
  public String signInPage() {
    return base + "/auth/sign_in";
  }

  /** The admins' queue of sign-ups waiting for approval (Mastodon's path). */
  public String pendingSignUpsPage() {
    return base + "/admin/accounts?status=pending";
  }

  public boolean isLocal(String uri) {
    return uri != null && (uri.equals(base) || uri.startsWith(base + "/") || uri.startsWith(base + "#"));
  }

  /** The username of a local actor or profile URL, if that is what {@code uri} is. */
  public Optional<String> usernameOf(String uri) {
    if (!isLocal(uri)) {
      return Optional.empty();
    }
    String path = uri.substring(base.length());
    Matcher matcher = ACTOR_PATH.matcher(path);
    if (matcher.matches()) {
      return Optional.of(matcher.group(1));
    }
    matcher = PROFILE_PATH.matcher(path);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
