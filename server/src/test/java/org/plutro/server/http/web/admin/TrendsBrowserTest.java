package org.plutro.server.http.web.admin;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** Trends review and Explore with JavaScript on. */
class TrendsBrowserTest extends TrendsBrowserScenario {
  @RegisterExtension
  static final Chromium chromium = new Chromium(true);

  @Override
  Chromium browser() {
    return chromium;
  }

  @Override
  String suffix() {
    return "js";
  }
}
