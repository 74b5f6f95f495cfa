package org.plutro.server.http.api.v1;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.vertx.core.Vertx;
import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.AccountEntity;
import org.plutro.server.http.api.EmojiEntities;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.service.UpdateProfile.Changes;
import org.plutro.server.service.UpdateProfile.Field;
import org.plutro.server.service.UpdateProfile.Upload;

/**
 * {@code PATCH /api/v1/accounts/update_credentials} exactly as Mastodon takes it (JSON, form or
 * multipart; nested values as {@code source[privacy]} and {@code fields_attributes[0][name]}),
 * answering the CredentialAccount; and the stored avatars and headers at {@code /media/avatars}.
 */
public final class ProfileRoutes {
  public static final String PATH = "/api/v1/accounts/update_credentials";
  private static final Pattern FIELD = Pattern.compile("^fields_attributes\\[([^\\]]*)\\]\\[(name|value|audience)\\]$");
  private static final Pattern IMAGE_NAME =
      Pattern.compile("^[0-9]+-(avatar|header)-[A-Za-z0-9_-]+\\.(png|jpg|gif|webp)$");
  private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png",
      "jpg", "image/jpeg", "gif", "image/gif", "webp", "image/webp");

  private final Vertx vertx;
  private final Auth auth;
  private final UpdateProfile updateProfile;
  private final AccountStore accounts;
  private final UserStore users;
  private final CountStore counts;
  private final Uris uris;
  private final Path avatarFolder;
  private final EmojiEntities emojis;

  /** {@code avatarFolder}: where {@link UpdateProfile} keeps members' avatars and headers. */
  public ProfileRoutes(Vertx vertx, Auth auth, UpdateProfile updateProfile, AccountStore accounts, UserStore users,
      CountStore counts, Uris uris, Path avatarFolder, EmojiEntities emojis) {
    this.vertx = vertx;
    this.auth = auth;
    this.updateProfile = updateProfile;
    this.accounts = accounts;
    this.users = users;
    this.counts = counts;
    this.uris = uris;
    this.avatarFolder = avatarFolder;
    this.emojis = emojis;
  }

  /**
   * This route takes image uploads bigger than the usual body limit; mounted before the router's
   * general body handler, which then leaves the request alone.
   */
  public static void mountBodyHandler(Router router, Path dataDir) {
    router.patch(PATH).handler(BodyHandler.create(dataDir.resolve("uploads").toString())
        .setBodyLimit(2 * UpdateProfile.IMAGE_MAX_BYTES + 1024 * 1024)
        .setDeleteUploadedFilesOnEnd(true));
  }

  public void mount(Router router) {
    router.patch(PATH).handler(this::update);
    router.get("/media/avatars/:name").handler(this::image);
  }

  private void update(RoutingContext ctx) {
    Changes changes;
    try {
      changes = changes(ctx);
    } catch (ServiceException e) {
      ctx.fail(e);
      return;
    }
    auth.member(ctx, "write:accounts").compose(caller -> {
      Account member = caller.member();
      return updateProfile.update(member, changes)
          .compose(done -> credential(member.id()));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  /** The member's CredentialAccount entity as it is now: its account, then user, then counts. */
  private Future<JsonObject> credential(long accountId) {
    return accounts.byId(accountId).compose(account -> users.byAccountId(accountId)
        .compose(user -> counts.account(accountId)
            .compose(counts -> emojis.ofAccount(account.orElseThrow())
                .map(used -> AccountEntity.credential(account.orElseThrow(), user.orElseThrow(),
                    counts, uris).put("emojis", used)))));
  }

  private void image(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!IMAGE_NAME.matcher(name).matches()) {
      ctx.fail(ServiceException.notFound("Record not found"));
      return;
    }
    Path file = avatarFolder.resolve(name);
    String extension = name.substring(name.lastIndexOf('.') + 1);
    vertx.fileSystem().exists(file.toString()).onSuccess(exists -> {
      if (!exists) {
        ctx.fail(ServiceException.notFound("Record not found"));
        return;
      }
      ctx.response().putHeader("Content-Type", IMAGE_TYPES.get(extension))
          .putHeader("Cache-Control", "public, max-age=31536000, immutable")
          .putHeader("X-Content-Type-Options", "nosniff")
          .sendFile(file.toString());
    }).onFailure(ctx::fail);
  }

  /** The request's parameters, flattened to Rails' names, then read as Mastodon reads them. */
  static Changes changes(RoutingContext ctx) {
    Map<String, String> params = flatParams(ctx);
    Map<String, Upload> uploads = new LinkedHashMap<>();
    for (FileUpload upload : ctx.fileUploads()) {
      uploads.put(upload.name(), new Upload(Path.of(upload.uploadedFileName()), upload.fileName()));
    }
    return new Changes(params.get("display_name"), params.get("note"), bool(params, "locked"),
        bool(params, "bot"), bool(params, "discoverable"), bool(params, "indexable"),
        bool(params, "hide_collections"), fields(params), uploads.get("avatar"),
        uploads.get("header"), params.get("source[privacy]"), bool(params, "source[sensitive]"),
        params.get("source[language]"), params.get("source[quote_policy]"));
  }

  private static Map<String, String> flatParams(RoutingContext ctx) {
    Map<String, String> params = new LinkedHashMap<>();
    addAll(params, ctx.queryParams());
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("application/json")) {
      if (ctx.body() != null && ctx.body().length() > 0) {
        try {
          flatten("", new JsonObject(ctx.body().buffer()), params);
        } catch (DecodeException | ClassCastException e) {
          throw new ServiceException(400, "The request body must be a JSON object");
        }
      }
    } else {
      addAll(params, ctx.request().formAttributes());
    }
    return params;
  }

  private static void addAll(Map<String, String> params, MultiMap values) {
    values.forEach(entry -> params.put(entry.getKey(), entry.getValue()));
  }

  private static void flatten(String prefix, Object value, Map<String, String> into) {
    if (value instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        flatten(prefix.isEmpty() ? key : prefix + "[" + key + "]", object.getValue(key), into);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        flatten(prefix + "[" + i + "]", array.getValue(i), into);
      }
    } else if (value != null) {
      into.put(prefix, String.valueOf(value));
    }
  }

  /** Rails booleans: "true", "1", "on", "t" are true; "false", "0", "off", "f", "" are false. */
  private static Boolean bool(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    return switch (value.trim().toLowerCase()) {
      case "true", "1", "on", "t", "yes" -> Boolean.TRUE;
      default -> Boolean.FALSE;
    };
  }

  /**
   * {@code fields_attributes[n][name|value]} in index order, with Plutro's optional
   * {@code [audience]}; pairs with both blank are dropped.
   */
  private static List<Field> fields(Map<String, String> params) {
    Map<String, String[]> byIndex = new TreeMap<>((a, b) -> {
      boolean na = a.matches("\\d+");
      boolean nb = b.matches("\\d+");
      return na && nb ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : a.compareTo(b);
    });
    boolean present = false;
    for (Map.Entry<String, String> entry : params.entrySet()) {
      Matcher matcher = FIELD.matcher(entry.getKey());
      if (matcher.matches()) {
        present = true;
        String[] pair = byIndex.computeIfAbsent(matcher.group(1), index -> new String[3]);
        pair[switch (matcher.group(2)) {
          case "name" -> 0;
          case "value" -> 1;
          default -> 2;
        }] = entry.getValue();
      }
    }
    if (!present) {
      return params.containsKey("fields_attributes") ? List.of() : null;
    }
    List<Field> fields = new ArrayList<>();
    for (String[] pair : byIndex.values()) {
      String name = pair[0] == null ? "" : pair[0];
      String value = pair[1] == null ? "" : pair[1];
      if (!name.isBlank() || !value.isBlank()) {
        fields.add(new Field(name, value, pair[2] == null || pair[2].isBlank() ? null : pair[2]));
      }
    }
    return fields;
  }
}
