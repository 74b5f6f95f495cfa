package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.OAuthStore;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Vertx;
import org.plutro.server.text.Html;
import org.plutro.server.text.StatusText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.plutro.server.domain.FieldAudience;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.remote.LinkVerification;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.UserStore;

/**
 * Mastodon's {@code update_credentials}: validates everything first (a bad value changes nothing),
 * stores the images, then the account and preferences in one transaction which, when anything
 * other servers show changed, queues the coalesced Update(Person) ({@link ProfileBroadcast}).
 */
public final class UpdateProfile {
  public static final int DISPLAY_NAME_MAX = 30;
  public static final int NOTE_MAX = 500;
  public static final int FIELDS_MAX = 4;
  public static final int FIELD_TEXT_MAX = 255;
  public static final long IMAGE_MAX_BYTES = 8L * 1024 * 1024;
  private static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");
  private static final Set<String> QUOTE_POLICIES = Set.of("public", "followers", "nobody");
  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}$");

  /** A profile field as typed. */
  /** A profile field as sent; {@code audience} null means everyone (see {@link FieldAudience}). */
  public record Field(String name, String value, String audience) {}

  /** An uploaded image: where the body handler put it, and what the client called it. */
  public record Upload(Path file, String fileName) {}

  /** What the member asks to change; null means "leave as it is". */
  public record Changes(String displayName, String note, Boolean locked, Boolean bot,
      Boolean discoverable, Boolean indexable, Boolean hideCollections, List<Field> fields,
      Upload avatar, Upload header, String privacy, Boolean sensitive, String language,
      String quotePolicy) {}


  private final Vertx vertx;
  private final Pool pool;
  private final Uris uris;
  private final OAuthStore oauth;
  /** Where avatars and headers are written ({@link #avatarFolder}). */
  private final Path avatarFolder;

  public UpdateProfile(Vertx vertx, Pool pool, Uris uris, OAuthStore oauth, Path dataDir) {
    this.vertx = vertx;
    this.pool = pool;
    this.uris = uris;
    this.oauth = oauth;
    this.avatarFolder = avatarFolder(dataDir);
  }

  /** The folder of members' avatars and headers, under the data folder. */
  public static Path avatarFolder(Path dataDir) {
    return dataDir.resolve("media").resolve("avatars");
  }

  /** Applies the changes; fails with a 422 and stores nothing when any value is refused. */
  public Future<Void> update(Account member, Changes changes) {
    ValidationErrors errors = validate(changes);
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    return vertx.executeBlocking(() -> new Images(
            store(member, "avatar", changes.avatar(), errors),
            store(member, "header", changes.header(), errors)), false)
        .compose(images -> {
          if (!errors.isEmpty()) {
            images.delete();
            return Future.failedFuture(errors.toException());
          }
          return save(member, changes, images);
        });
  }

  private Future<Void> save(Account member, Changes changes, Images images) {
    String note = changes.note() == null ? null : changes.note().strip();
    JsonArray fields = changes.fields() == null ? null : renderFields(changes.fields());
    boolean actorChanged = changed(changes.displayName(), member.displayName())
        || changed(note, member.noteSource()) || images.avatar() != null || images.header() != null
        || (fields != null && !sameFields(fields, member.fields()))
        || changed(changes.locked(), member.locked()) || changed(changes.bot(), member.bot())
        || changed(changes.discoverable(), member.discoverable())
        || changed(changes.indexable(), member.indexable());
    // Links and hashtags work in the bio as in a post (mentions stay text: nobody is notified).
    String noteHtml = note == null ? null
        : note.isEmpty() ? "" : StatusText.render(note, Map.of(), uris.tagsBase());
    AccountStore.ProfileChange account = new AccountStore.ProfileChange(changes.displayName(),
        noteHtml, note,
        images.avatarUrl(), images.headerUrl(), fields, changes.locked(),
        changes.bot(), changes.discoverable(), changes.indexable(), changes.hideCollections());
    return pool.withTransaction(tx -> AccountStore.updateProfile(tx, member.id(), account)
            .compose(done -> UserStore.updateDefaults(tx, member.id(), changes.privacy(), changes.sensitive(),
                changes.language() != null, changes.language() == null ? null : changes.language().strip(),
                changes.quotePolicy()))
            .compose(done -> actorChanged ? ProfileBroadcast.schedule(tx, member.id())
                : Future.succeededFuture())
            .compose(done -> fields != null && !sameFields(fields, member.fields())
                ? LinkVerification.schedule(tx, member.id()) : Future.succeededFuture()))
        .onSuccess(done -> oauth.forgetAccount(member.id()))
        .onFailure(failure -> images.delete());
  }

  /** Whether the fields as sent are those stored: a verification mark is not a change. */
  private static boolean sameFields(JsonArray sent, JsonArray stored) {
    JsonArray unmarked = new JsonArray();
    for (Object field : stored) {
      if (field instanceof JsonObject f) {
        JsonObject copy = f.copy();
        copy.remove("verified_at");
        unmarked.add(copy);
      } else {
        unmarked.add(field);
      }
    }
    return sent.equals(unmarked);
  }

  static ValidationErrors validate(Changes changes) {
    ValidationErrors errors = new ValidationErrors();
    if (changes.displayName() != null && length(changes.displayName()) > DISPLAY_NAME_MAX) {
      errors.add("display_name", "ERR_TOO_LONG",
          "is too long (maximum is " + DISPLAY_NAME_MAX + " characters)");
    }
    if (changes.note() != null && length(changes.note().strip()) > NOTE_MAX) {
      errors.add("note", "ERR_TOO_LONG", "is too long (maximum is " + NOTE_MAX + " characters)");
    }
    if (changes.fields() != null) {
      if (changes.fields().size() > FIELDS_MAX) {
        errors.add("fields", "ERR_TOO_LONG", "is too long (maximum is " + FIELDS_MAX + " fields)");
      }
      for (Field field : changes.fields()) {
        if (length(field.name()) > FIELD_TEXT_MAX || length(field.value()) > FIELD_TEXT_MAX) {
          errors.add("fields", "ERR_TOO_LONG",
              "name and value are each at most " + FIELD_TEXT_MAX + " characters");
          break;
        }
      }
      for (Field field : changes.fields()) {
        if (field.audience() != null && !validAudience(field.audience())) {
          errors.add("fields", "ERR_INCLUSION",
              "audience is not everyone, members, followers or only_me");
          break;
        }
      }
    }
    if (changes.privacy() != null && !PRIVACY.contains(changes.privacy())) {
      errors.add("source.privacy", "ERR_INCLUSION", "is not public, unlisted or private");
    }
    if (changes.quotePolicy() != null && !QUOTE_POLICIES.contains(changes.quotePolicy())) {
      errors.add("source.quote_policy", "ERR_INCLUSION", "is not public, followers or nobody");
    }
    if (changes.language() != null && !changes.language().isBlank()
        && !LANGUAGE.matcher(changes.language().strip()).matches()) {
      errors.add("source.language", "ERR_INVALID", "is not an ISO 639 language code");
    }
    return errors;
  }

  private static boolean validAudience(String audience) {
    try {
      FieldAudience.parse(audience);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The profile fields as stored: plain name, value as HTML (links), and what was typed. */
  static JsonArray renderFields(List<Field> fields) {
    JsonArray rendered = new JsonArray();
    for (Field field : fields) {
      String value = field.value().strip();
      String html = value.isEmpty() ? "" : Html.renderField(value);
      if (html.startsWith("<p>") && html.endsWith("</p>") && html.indexOf("<p>", 3) < 0) {
        html = html.substring(3, html.length() - 4);
      }
      rendered.add(new JsonObject().put("name", field.name().strip()).put("value", html)
          .put("source_value", value).put("audience", field.audience() == null
              ? FieldAudience.EVERYONE.wire() : FieldAudience.parse(field.audience()).wire()));
    }
    return rendered;
  }

  /** Checks the upload is an image by its first bytes, and stores it; null when none was sent. */
  private Path store(Account member, String kind, Upload upload, ValidationErrors errors)
      throws IOException {
    if (upload == null) {
      return null;
    }
    long size = Files.size(upload.file());
    String extension = size == 0 || size > IMAGE_MAX_BYTES ? null : imageExtension(upload.file());
    if (extension == null) {
      errors.add(kind, "ERR_INVALID", size > IMAGE_MAX_BYTES
          ? "must be at most " + IMAGE_MAX_BYTES / (1024 * 1024) + " MB"
          : "must be a PNG, JPEG, GIF or WebP image");
      return null;
    }
    Path folder = avatarFolder;
    Files.createDirectories(folder);
    // The account id first: closure purges a member's files by this prefix.
    String name = member.id() + "-" + kind + "-" + Secrets.token().substring(0, 16) + "." + extension;
    Files.copy(upload.file(), folder.resolve(name));
    return folder.resolve(name);
  }

  /** png, jpg, gif or webp by magic bytes; null for anything else. */
  static String imageExtension(Path file) throws IOException {
    byte[] head = new byte[12];
    int read;
    try (var in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    }
    if (read >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
        && head[4] == 0x0d && head[5] == 0x0a && head[6] == 0x1a && head[7] == 0x0a) {
      return "png";
    }
    if (read >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
      return "jpg";
    }
    if (read >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8'
        && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
      return "gif";
    }
    if (read >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
        && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
      return "webp";
    }
    return null;
  }

  private static int length(String text) {
    return text == null ? 0 : text.codePointCount(0, text.length());
  }

  private static boolean changed(Object requested, Object current) {
    return requested != null && !Objects.equals(requested, current);
  }

  /** Stored image files (null when not sent), removed again if the update fails. */
  private final class Images {
    private final Path avatar;
    private final Path header;

    Images(Path avatar, Path header) {
      this.avatar = avatar;
      this.header = header;
    }

    Path avatar() {
      return avatar;
    }

    Path header() {
      return header;
    }

    String avatarUrl() {
      return url(avatar);
    }

    String headerUrl() {
      return url(header);
    }

    private String url(Path file) {
      return file == null ? null : uris.base() + "/media/avatars/" + file.getFileName();
    }

    void delete() {
      vertx.executeBlocking(() -> {
        for (Path file : new Path[] {avatar, header}) {
          if (file != null) {
            Files.deleteIfExists(file);
          }
        }
        return null;
      }, false);
    }
  }
}
