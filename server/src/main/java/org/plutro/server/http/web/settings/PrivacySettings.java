package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Visit;
import org.plutro.server.service.MemberPrivacy;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.service.ValidationErrors;

/**
 * {@code /settings/privacy}: how new posts start out (the API's {@code source[privacy]},
 * {@code source[sensitive]}, {@code source[language]}, {@code source[quote_policy]}, through
 * {@link UpdateProfile}) and who may
 * message, reply to and share the member, and whether senders learn they read a message
 * ({@link MemberPrivacy}, the API's {@code /api/v1/plutro/settings}).
 */
public final class PrivacySettings {
  public static final String PATH = "/settings/privacy";

  private final SettingsPage page;
  private final UpdateProfile updateProfile;
  private final MemberPrivacy privacy;

  public PrivacySettings(SettingsPage page, UpdateProfile updateProfile, MemberPrivacy privacy) {
    this.page = page;
    this.updateProfile = updateProfile;
    this.privacy = privacy;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::save);
  }

  private void show(RoutingContext ctx) {
    page.member(ctx).compose(visit -> privacy.get(visit.member().id())
            .map(found -> {
              send(ctx, 200, visit, PrivacyForm.of(visit.user(), found), Form.empty());
              return null;
            }))
        .onFailure(ctx::fail);
  }

  private void save(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> {
      MultiMap form = ctx.request().formAttributes();
      MemberPrivacy.Changes choices = new MemberPrivacy.Changes(form.get("messages_from"),
          String.valueOf(form.contains("read_receipts")), form.get("replies_from"),
          form.get("shares_from"));
      UpdateProfile.Changes defaults = new UpdateProfile.Changes(null, null, null, null, null, null,
          null, null, null, null, form.get("privacy"), form.contains("sensitive"),
          form.get("language") == null ? null : form.get("language").strip(), form.get("quote_policy"));
      PrivacyForm sent = new PrivacyForm(form.get("privacy"), defaults.sensitive(),
          defaults.language(), choices.messagesFrom(), form.contains("read_receipts"),
          choices.repliesFrom(), choices.sharesFrom(), defaults.quotePolicy());
      // Both checked before either is written, so a refused form changes nothing.
      ValidationErrors errors = MemberPrivacy.validate(choices);
      Future<Void> saved = errors.isEmpty()
          ? updateProfile.update(visit.member(), defaults)
              .compose(done -> privacy.update(visit.member().id(), choices)).mapEmpty()
          : Future.failedFuture(errors.toException());
      saved.onSuccess(done -> page.done(ctx, PATH, Notice.SAVED))
          .onFailure(failure -> SettingsPage.refused(ctx, failure,
              refused -> send(ctx, 422, visit, sent, refused)));
    }).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, int status, Visit visit, PrivacyForm form, Form errors) {
    page.send(ctx, status, visit, "privacy.jte", "Privacy", Map.of("form", form, "errors", errors));
  }
}
