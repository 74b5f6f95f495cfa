package org.plutro.server.http.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** {@link SocialBrowserWalk} with JavaScript off: every step a link or a plain form, new notifications after a reload. */
class SocialBrowserTest extends SocialBrowserWalk {
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
