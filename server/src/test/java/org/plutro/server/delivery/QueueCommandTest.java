package org.plutro.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.TestInstance;

/** An admin sees what waits in the queues, and sends or drops one domain's deliveries. */
class QueueCommandTest {
  private record Run(int exit, String out) {}

  private static Run plutro(TestInstance instance, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit = AdminCommand.run(instance.settings(), new ArrayList<>(List.of(args)), out, out);
    return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
  }

  private static String lineWith(String output, String text) {
    return output.lines().filter(line -> line.contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + text + " in\n" + output));
  }

  @Test
  void aFailingDomainIsListedThenRetriedOnceItAnswersAndItsBacklogCanBeDropped() {
    try (TestInstance plutro = TestInstance.start(); FakeRemote remote = new FakeRemote()) {
      TestInstance.Member poster = plutro.register("poster");
      DeliveryQueueTest.follow(plutro, remote, "listener", "poster");
      String domain = remote.authority();

      remote.inboxAnswers(500);
      for (String text : List.of("first while you were down", "second while you were down")) {
        plutro.postForm("/api/v1/statuses", Map.of("status", text),
            "Authorization", "Bearer " + poster.token());
      }
      Eventually.within10s("both deliveries failed once and wait", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'queued' AND last_status = 500"
              + " AND locked_until IS NULL") == 2);
      // Their back-off has grown to an hour, and the domain is marked unavailable.
      plutro.sql("UPDATE deliveries SET next_attempt_at = now() + interval '1 hour' WHERE state = 'queued'");
      plutro.sql("UPDATE instances SET unavailable_since = now(), failure_days = 7 WHERE domain = $1", domain);
      plutro.sql("INSERT INTO jobs (kind, payload, run_at) VALUES ('poll.ended', '{}', now() + interval '1 hour')");

      Run shown = plutro(plutro, "queue");
      assertEquals(0, shown.exit(), shown.out());
      assertTrue(shown.out().contains("Deliveries: 2 pending, 0 due now"), shown.out());
      String retrying = lineWith(shown.out().substring(shown.out().indexOf("Retrying")), domain);
      assertTrue(retrying.matches("\\s*" + java.util.regex.Pattern.quote(domain) + "\\s+2\\s.*HTTP 500\\s*"),
          retrying);
      assertTrue(lineWith(shown.out().substring(shown.out().indexOf("Unavailable")), domain)
          .contains(" 7 "), shown.out());
      assertTrue(lineWith(shown.out(), "poll.ended").matches("\\s*poll\\.ended\\s+1\\s+0\\s+0\\s+0\\s.*"),
          shown.out());

      remote.inboxAnswers(202);
      Run retried = plutro(plutro, "queue", "retry", "--domain", domain);
      assertEquals(0, retried.exit(), retried.out());
      assertTrue(retried.out().contains("2 deliveries to " + domain + " due now"), retried.out());
      assertTrue(retried.out().contains(domain + " is no longer marked unavailable"), retried.out());
      Eventually.within10s("both delivered", () -> DeliveryQueueTest.creates(remote) == 2);
      Eventually.within10s("recorded as delivered", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'queued'") == 0);
      assertEquals(0, plutro.count("SELECT count(*) FROM instances WHERE unavailable_since IS NOT NULL"));

      remote.inboxAnswers(500);
      plutro.postForm("/api/v1/statuses", Map.of("status", "nobody will read this"),
          "Authorization", "Bearer " + poster.token());
      Eventually.within10s("the third fails once", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'queued' AND last_status = 500"
              + " AND locked_until IS NULL") == 1);
      Run dropped = plutro(plutro, "queue", "drop", "--domain", "http://" + domain);
      assertEquals(0, dropped.exit(), dropped.out());
      assertTrue(dropped.out().contains("Dropped 1 pending delivery to " + domain), dropped.out());
      assertEquals(0, plutro.count("SELECT count(*) FROM deliveries WHERE state = 'queued'"));
      assertEquals(1, plutro.count("SELECT count(*) FROM deliveries WHERE state = 'failed'"
          + " AND last_error = 'dropped by an admin'"));
      // A dropped delivery stays dropped.
      Run again = plutro(plutro, "queue", "retry", "--domain", domain);
      assertTrue(again.out().contains("0 deliveries to " + domain + " due now"), again.out());
      assertTrue(plutro(plutro, "queue").out().contains("Deliveries: 0 pending"));

      assertEquals(2, plutro(plutro, "queue", "drop").exit());
    }
  }
}
