package org.plutro.server.http.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** {@link SocialBrowserWalk} with JavaScript on: new notifications arrive without a reload. */
class SocialScriptBrowserTest extends SocialBrowserWalk {
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
