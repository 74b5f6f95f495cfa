package org.plutro.server.http.web.settings;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Visit;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.service.UpdateProfile.Changes;
import org.plutro.server.service.UpdateProfile.Field;
import org.plutro.server.service.UpdateProfile.Upload;
import org.plutro.server.uri.Uris;

/**
 * {@code /settings/profile}: name, bio, pictures, fields each with its audience, and the account's
 * switches. Saved through {@link UpdateProfile}, as the API's {@code update_credentials}, so a
 * change reaches other servers the same way (an {@code Update} of the actor).
 */
public final class ProfileSettings {
  public static final String PATH = "/settings/profile";

  private final SettingsPage page;
  private final UpdateProfile updateProfile;
  private final Uris uris;

  public ProfileSettings(SettingsPage page, UpdateProfile updateProfile, Uris uris) {
    this.page = page;
    this.updateProfile = updateProfile;
    this.uris = uris;
  }

  /**
   * The form carries pictures bigger than the usual body limit (multipart, written to disk and
   * removed at the end); mounted before the router's general body handler, which then leaves the
   * request alone.
   */
  public static void mountBodyHandler(Router router, Path dataDir) {
    router.post(PATH).handler(BodyHandler.create(dataDir.resolve("uploads").toString())
        .setBodyLimit(2 * UpdateProfile.IMAGE_MAX_BYTES + 1024 * 1024)
        .setDeleteUploadedFilesOnEnd(true));
  }

  public void mount(Router router) {
    // As Mastodon: the settings start with the profile.
    router.get("/settings").handler(ctx -> Notices.redirect(ctx, PATH));
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::save);
  }

  private void show(RoutingContext ctx) {
    page.member(ctx).onSuccess(visit -> send(ctx, 200, visit,
            ProfileForm.of(visit.member(), uris), Form.empty()))
        .onFailure(ctx::fail);
  }

  private void save(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> {
      Changes changes = changes(ctx);
      updateProfile.update(visit.member(), changes)
          .onSuccess(done -> page.done(ctx, PATH, Notice.SAVED))
          .onFailure(failure -> SettingsPage.refused(ctx, failure, errors -> send(ctx, 422, visit,
              ProfileForm.of(visit.member(), uris).sent(changes), errors)));
    }).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, int status, Visit visit, ProfileForm form, Form errors) {
    page.send(ctx, status, visit, "profile.jte", "Profile",
        Map.of("form", form, "errors", errors));
  }

  /**
   * The form as {@link UpdateProfile} takes it. Every field is on the form, so an unticked box
   * is false; a picture is changed only when one was chosen.
   */
  static Changes changes(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < UpdateProfile.FIELDS_MAX; i++) {
      String name = form.get("fields_attributes[" + i + "][name]");
      String value = form.get("fields_attributes[" + i + "][value]");
      String audience = form.get("fields_attributes[" + i + "][audience]");
      if ((name != null && !name.isBlank()) || (value != null && !value.isBlank())) {
        fields.add(new Field(name == null ? "" : name, value == null ? "" : value,
            audience == null || audience.isBlank() ? null : audience));
      }
    }
    return new Changes(form.get("display_name"), form.get("note"), form.contains("locked"),
        form.contains("bot"), form.contains("discoverable"), form.contains("indexable"),
        form.contains("hide_collections"), fields, upload(ctx, "avatar"), upload(ctx, "header"),
        null, null, null, null);
  }

  private static Upload upload(RoutingContext ctx, String name) {
    for (FileUpload upload : ctx.fileUploads()) {
      if (upload.name().equals(name) && upload.size() > 0 && upload.fileName() != null
          && !upload.fileName().isBlank()) {
        return new Upload(Path.of(upload.uploadedFileName()), upload.fileName());
      }
    }
    return null;
  }
}
