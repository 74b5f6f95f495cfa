package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.plutro.server.service.InstanceRules;
import org.plutro.server.service.InstanceTexts;
import org.plutro.server.service.ModeratedServers;
import org.plutro.server.service.PrivacyPolicy;
import org.plutro.server.uri.Uris;

/**
 * {@code /about} (also the instance actor's {@code url}): what the instance is, who runs it, its
 * rules, the servers it moderates and its privacy policy ({@code /about#privacy}); and the policy
 * alone at {@code /privacy-policy}, Mastodon's address for it. The policy is the operator's file
 * in the data folder, or Plutro's own, which says what this server keeps and for how long. What
 * admins wrote at {@code /admin/instance} comes first: the description, a longer one, the policy.
 */
public final class AboutPages {
  /** What the default policy needs to know: how long addresses and closed accounts are kept. */
  public record Retention(int ipDays, int closedAccountDays) {}

  private final Visits visits;
  private final Pages pages;
  private final InstanceRules rules;
  private final ModeratedServers moderatedServers;
  private final PrivacyPolicy privacyPolicy;
  private final InstanceTexts texts;
  private final Retention retention;
  private final Uris uris;
  private final boolean limitedFederation;

  /** {@code limitedFederation}: the page says the server federates only with allowed servers. */
  public AboutPages(Visits visits, Pages pages, InstanceRules rules, ModeratedServers moderatedServers,
      PrivacyPolicy privacyPolicy, InstanceTexts texts, Retention retention, Uris uris,
      boolean limitedFederation) {
    this.limitedFederation = limitedFederation;
    this.visits = visits;
    this.pages = pages;
    this.rules = rules;
    this.moderatedServers = moderatedServers;
    this.privacyPolicy = privacyPolicy;
    this.texts = texts;
    this.retention = retention;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(WebPaths.ABOUT).handler(this::about);
    router.get(WebPaths.PRIVACY_POLICY).handler(this::privacy);
  }

  private void about(RoutingContext ctx) {
    Future.all(visits.of(ctx), rules.rules(), moderatedServers.list(), policyHtml(), texts.texts())
        .onSuccess(all -> {
          Visit visit = all.resultAt(0);
          InstanceTexts.Texts written = all.resultAt(4);
          String description = written.shortDescription().isEmpty() ? visit.site().description()
              : written.shortDescription();
          String extended = written.extendedDescription().isEmpty() ? ""
              : PolicyText.html(new PrivacyPolicy.Text(PrivacyPolicy.Format.MARKDOWN, written.extendedDescription()));
          pages.send(ctx, "visitor/about.jte", visit.frame("About"), Map.of(
              "rules", all.resultAt(1), "servers", all.resultAt(2), "policy", all.resultAt(3),
              "retention", retention, "actor", uris.instanceActor(), "authority", uris.authority(),
              "description", description, "extended", extended, "limitedFederation", limitedFederation));
        })
        .onFailure(ctx::fail);
  }

  private void privacy(RoutingContext ctx) {
    Future.all(visits.of(ctx), policyHtml())
        .onSuccess(all -> {
          Visit visit = all.resultAt(0);
          pages.send(ctx, "visitor/privacy.jte", visit.frame("Privacy policy"),
              Map.of("policy", all.resultAt(1), "retention", retention));
        })
        .onFailure(ctx::fail);
  }

  /** The operator's policy as safe HTML; empty when the default one is shown. */
  private Future<String> policyHtml() {
    return privacyPolicy.operatorText().map(found -> found.map(PolicyText::html).orElse(""));
  }
}
