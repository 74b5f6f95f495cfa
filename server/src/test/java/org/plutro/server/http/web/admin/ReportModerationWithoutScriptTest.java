package org.plutro.server.http.web.admin;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** {@link ReportModerationBrowserTest} with JavaScript off: every action is a plain form post. */
class ReportModerationWithoutScriptTest extends ReportModerationBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(false);

  @Override
  Chromium browser() {
    return browser;
  }

  @Override
  String shots() {
    return "-noscript";
  }
}
