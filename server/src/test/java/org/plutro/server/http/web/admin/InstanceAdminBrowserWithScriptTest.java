package org.plutro.server.http.web.admin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** With JavaScript on. */
class InstanceAdminBrowserWithScriptTest extends InstanceAdminBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);

  @BeforeAll
  static void begin() {
    start();
  }

  @Override
  Chromium browser() {
    return browser;
  }

  @Override
  String suffix() {
    return "js";
  }
}
