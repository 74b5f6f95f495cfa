package org.plutro.server.http.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** Poll voting with JavaScript off: plain form posts, the page comes back at the post. */
class PollVotingNoScriptBrowserTest extends PollVotingScenario {
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
