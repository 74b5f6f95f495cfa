package org.plutro.server.http.web.settings;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.service.PersonalSuggestions;

/**
 * {@code /settings/suggestions}: the member's consent to suggestions drawn from their own
 * activity (policy 1 and 4, by consent as policy 7.3 says), off until they turn it on; the page
 * says in plain words what is used and that it stays on this server. Turning it off deletes what
 * was derived. The same {@link PersonalSuggestions} as the API and Explore.
 */
public final class SuggestionSettings {
  public static final String PATH = "/settings/suggestions";

  private final SettingsPage page;
  private final PersonalSuggestions suggestions;

  public SuggestionSettings(SettingsPage page, PersonalSuggestions suggestions) {
    this.page = page;
    this.suggestions = suggestions;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::save);
  }

  private void show(RoutingContext ctx) {
    page.member(ctx).compose(visit -> suggestions.enabled(visit.member().id())
        .onSuccess(on -> page.send(ctx, visit, "suggestions.jte", "Suggestions for you", Map.of("on", on))))
        .onFailure(ctx::fail);
  }

  // An unticked box is not sent: its absence means off.
  private void save(RoutingContext ctx) {
    boolean on = "1".equals(ctx.request().getFormAttribute("suggestions"));
    page.form(ctx).compose(visit -> suggestions.choose(visit.member().id(), on))
        .onSuccess(done -> page.done(ctx, PATH, on ? Notice.SUGGESTIONS_ON : Notice.SUGGESTIONS_OFF))
        .onFailure(ctx::fail);
  }
}
