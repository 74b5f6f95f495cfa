package org.plutro.server.http.web.compose;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** The compose scenario with JavaScript off: plain forms, the limit said in the hint. */
class ComposeNoScriptBrowserTest extends ComposeScenario {
  @RegisterExtension
  static final Chromium browser = new Chromium(false);

  @Override
  Chromium browser() {
    return browser;
  }

  @Override
  boolean javascript() {
    return false;
  }
}
