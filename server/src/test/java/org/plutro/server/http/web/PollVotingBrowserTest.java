package org.plutro.server.http.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;

/** Poll voting with JavaScript on: the vote is sent in the background, the poll changes in place. */
class PollVotingBrowserTest extends PollVotingScenario {
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
