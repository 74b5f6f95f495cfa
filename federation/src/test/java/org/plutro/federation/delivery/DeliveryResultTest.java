package org.plutro.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plutro.federation.delivery.DeliveryResult.Outcome;

class DeliveryResultTest {
  @ParameterizedTest
  @ValueSource(ints = {200, 201, 202, 204, 299})
  void twoHundredsAreDelivered(int status) {
    assertEquals(Outcome.DELIVERED, DeliveryResult.of(status, null).outcome());
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 408, 429, 500, 502, 503, 504, 599})
  void transientStatusesAreRetried(int status) {
    DeliveryResult result = DeliveryResult.of(status, Duration.ofSeconds(60));
    assertEquals(Outcome.RETRY, result.outcome());
    assertEquals(status, result.status());
    assertEquals(Duration.ofSeconds(60), result.retryAfter());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 405, 410, 413, 415, 422})
  void otherClientErrorsAreFinal(int status) {
    DeliveryResult result = DeliveryResult.of(status, Duration.ofSeconds(60));
    assertEquals(Outcome.FINAL, result.outcome());
    assertNull(result.retryAfter(), "nothing to wait for");
  }
}
