package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visits;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.OAuthStore.AuthorizedApp;

/**
 * {@code /settings/applications}: the apps the member let into their account, and revoking any
 * (policy 5.2) — every token the app holds dies at once. The same store as the API's
 * {@code /api/v1/plutro/authorized_apps}.
 */
public final class ApplicationsPage {
  public static final String PATH = "/settings/applications";
  private static final Map<String, String> NOTICES = Map.of(
      "revoked", "The app's access is revoked: it can no longer use your account.");

  /** An app as the table shows it; {@code website} only when it is a web address. */
  public record App(long id, String name, String website, String scopes, String authorized,
      String authorizedIso, String lastUsed, String lastUsedIso) {}

  private final Visits visits;
  private final Pages pages;
  private final OAuthStore oauth;

  public ApplicationsPage(Visits visits, Pages pages, OAuthStore oauth) {
    this.visits = visits;
    this.pages = pages;
    this.oauth = oauth;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/:id/revoke").handler(this::revoke);
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(visit -> oauth.authorizedApps(visit.member().id()).map(apps -> {
      pages.send(ctx, "settings/applications.jte", visit.frame("Authorized apps"), Map.of(
          "notice", SeeOther.notice(ctx, NOTICES),
          "apps", apps.stream().map(ApplicationsPage::app).toList()));
      return null;
    })).onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      long appId = Params.parseId(ctx.pathParam("id"));
      return oauth.revokeApp(visit.member().id(), appId).compose(revoked -> {
        if (!revoked) {
          return Future.failedFuture(ServiceException.notFound("Record not found"));
        }
        SeeOther.to(ctx, PATH, "revoked");
        return Future.succeededFuture();
      });
    }).onFailure(ctx::fail);
  }

  private static App app(AuthorizedApp app) {
    String website = app.website() != null
        && (app.website().startsWith("https://") || app.website().startsWith("http://"))
        ? app.website() : null;
    return new App(app.appId(), app.name(), website, String.join(", ", app.scopes()),
        Shown.time(app.authorizedAt()), Shown.iso(app.authorizedAt()),
        app.lastUsedAt() == null ? "never" : Shown.time(app.lastUsedAt()), Shown.iso(app.lastUsedAt()));
  }
}
