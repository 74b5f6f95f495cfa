package org.plutro.server.http.web.settings;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.service.TwoFactor;

/**
 * {@code /settings/two_factor}: two-factor sign-in with an authenticator app (see
 * {@link TwoFactor}). Off: "Set up" makes a secret, shown as a QR code and as text on
 * {@code /settings/two_factor/setup} until a code from the app turns it on; then the recovery
 * codes are shown, once. On: new recovery codes, or turning it off. Every change asks for the
 * current password; the secret is never shown once it is on.
 */
public final class TwoFactorSettings {
  public static final String PATH = WebPaths.TWO_FACTOR;
  private static final String SETUP = PATH + "/setup";
  private static final String TITLE = "Two-factor sign-in";

  private final SettingsPage page;
  private final TwoFactor twoFactor;

  public TwoFactorSettings(SettingsPage page, TwoFactor twoFactor) {
    this.page = page;
    this.twoFactor = twoFactor;
  }

  public void mount(Router router) {
    router.get(PATH).handler(ctx -> page.member(ctx)
        .onSuccess(visit -> show(ctx, 200, visit, null, Form.empty())).onFailure(ctx::fail));
    router.post(SETUP).handler(this::begin);
    router.get(SETUP).handler(ctx -> page.member(ctx)
        .onSuccess(visit -> showSetup(ctx, 200, visit, Form.empty())).onFailure(ctx::fail));
    router.post(PATH + "/enable").handler(this::enable);
    router.post(PATH + "/recovery_codes").handler(this::newRecoveryCodes);
    router.post(PATH + "/disable").handler(this::disable);
  }

  /** The page: whether it is on, and the forms that fit. {@code failed}: the form refused, if any. */
  private void show(RoutingContext ctx, int status, Visit visit, String failed, Form errors) {
    twoFactor.status(visit.member().id()).onSuccess(found -> {
      Map<String, Object> params = new HashMap<>();
      params.put("status", found);
      params.put("failed", failed == null ? "" : failed);
      params.put("errors", errors);
      page.send(ctx, status, visit, "two_factor.jte", TITLE, params);
    }).onFailure(ctx::fail);
  }

  private void begin(RoutingContext ctx) {
    page.form(ctx).compose(visit -> twoFactor.begin(visit.member().id()))
        .onSuccess(started -> Notices.redirect(ctx, SETUP))
        .onFailure(ctx::fail);
  }

  private void showSetup(RoutingContext ctx, int status, Visit visit, Form errors) {
    twoFactor.pendingSetup(visit.member().id(), visit.member().username()).onSuccess(setup -> {
      if (setup.isEmpty()) {
        Notices.redirect(ctx, PATH);
        return;
      }
      Map<String, Object> params = new HashMap<>();
      params.put("secret", grouped(setup.get().secret()));
      params.put("qr", QrImage.of(setup.get().uri()));
      params.put("errors", errors);
      page.send(ctx, status, visit, "two_factor_setup.jte", "Set up two-factor sign-in", params);
    }).onFailure(ctx::fail);
  }

  private void enable(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> twoFactor.enable(visit.user(), password(ctx), code(ctx))
        .onSuccess(codes -> showCodes(ctx, visit, codes, "Two-factor sign-in is on."))
        .onFailure(failure -> refused(ctx, visit, failure, errors -> showSetup(ctx, 422, visit, errors))))
        .onFailure(ctx::fail);
  }

  private void newRecoveryCodes(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> twoFactor.newRecoveryCodes(visit.user(), password(ctx))
        .onSuccess(codes -> showCodes(ctx, visit, codes, "You have new recovery codes. The old ones no longer work."))
        .onFailure(failure -> refused(ctx, visit, failure,
            errors -> show(ctx, 422, visit, "recovery_codes", errors))))
        .onFailure(ctx::fail);
  }

  private void disable(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> twoFactor.disable(visit.user(), password(ctx), code(ctx))
        .onSuccess(done -> page.done(ctx, PATH, Notice.TWO_FACTOR_OFF))
        .onFailure(failure -> refused(ctx, visit, failure, errors -> show(ctx, 422, visit, "disable", errors))))
        .onFailure(ctx::fail);
  }

  /** The recovery codes, shown this once (the page is never cached). */
  private void showCodes(RoutingContext ctx, Visit visit, List<String> codes, String notice) {
    Map<String, Object> params = new HashMap<>();
    params.put("codes", codes);
    params.put("said", notice);
    page.send(ctx, 200, visit, "two_factor_codes.jte", "Recovery codes", params);
  }

  /** A wrong password or code is said next to its field; a form that no longer fits, on the page. */
  private void refused(RoutingContext ctx, Visit visit, Throwable failure,
      java.util.function.Consumer<Form> again) {
    if (failure instanceof ServiceException refused && refused.status() == 409) {
      page.done(ctx, PATH, Notice.TWO_FACTOR_STALE);
    } else {
      SettingsPage.refused(ctx, failure, again);
    }
  }

  private static String password(RoutingContext ctx) {
    return ctx.request().getFormAttribute("current_password");
  }

  private static String code(RoutingContext ctx) {
    return ctx.request().getFormAttribute("code");
  }

  /** The secret in groups of four, easier to type; apps ignore the spaces. */
  static String grouped(String secret) {
    return secret.replaceAll("(.{4})(?!$)", "$1 ");
  }
}
