package org.plutro.server.http.web.admin;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** Trends review and Explore with JavaScript off: plain forms and redirects. */
class TrendsNoScriptBrowserTest extends TrendsBrowserScenario {
  @RegisterExtension
  static final Chromium chromium = new Chromium(false);

  @Override
  Chromium browser() {
    return chromium;
  }

  @Override
  String suffix() {
    return "nojs";
  }
}
