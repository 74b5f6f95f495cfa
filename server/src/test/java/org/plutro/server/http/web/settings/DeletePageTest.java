package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What the reach page says about a server not told yet. */
class DeletePageTest {
  @Test
  void aServerThatGaveNoAnswerIsSaidSoNotAsAStatusOfZero() {
    assertEquals("The server answered 503", DeletePage.problem("retrying", 503, "Service Unavailable"));
    assertEquals("The server could not be reached", DeletePage.problem("retrying", 0, "Connection refused"));
    assertEquals("The server could not be reached", DeletePage.problem("failed", null, "refused address"));
    assertNull(DeletePage.problem("pending", null, null), "not tried yet");
    assertNull(DeletePage.problem("delivered", 202, null));
  }
}
