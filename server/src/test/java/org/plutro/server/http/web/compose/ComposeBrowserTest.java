package org.plutro.server.http.web.compose;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** The compose scenario with JavaScript on: live character count, picture preview. */
class ComposeBrowserTest extends ComposeScenario {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);

  @Override
  Chromium browser() {
    return browser;
  }

  @Override
  boolean javascript() {
    return true;
  }
}
