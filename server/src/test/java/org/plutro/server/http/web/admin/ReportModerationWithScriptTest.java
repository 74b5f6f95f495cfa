package org.plutro.server.http.web.admin;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** {@link ReportModerationBrowserTest} with JavaScript on. */
class ReportModerationWithScriptTest extends ReportModerationBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);

  @Override
  Chromium browser() {
    return browser;
  }

  @Override
  String shots() {
    return "";
  }
}
