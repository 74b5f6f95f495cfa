package org.plutro.federation.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Normalisation rate of a typical Mastodon Create(Note) on one thread, through the fast path
 * (contexts that agree with ours) and through full Titanium processing. A command, not a test:
 * {@code mvn -q -B -pl federation test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.plutro.federation.jsonld.NormalizerBenchmark}
 */
public final class NormalizerBenchmark {
  interface Work {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    JsonLdNormalizer normalizer = new JsonLdNormalizer();
    byte[] body = JsonLdNormalizerTest.CREATE_AS_SENT.getBytes(StandardCharsets.UTF_8);
    JsonNode parsed = JsonLdNormalizer.MAPPER.readTree(body);
    measure("fast path (parse + normalise)", () -> normalizer.normalize(body));
    measure("full JSON-LD (Titanium compact)", () -> normalizer.normalizeFully(parsed));
  }

  static void measure(String name, Work work) throws Exception {
    long warm = System.nanoTime();
    while (System.nanoTime() - warm < 2_000_000_000L) {
      work.run();
    }
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      int count = 0;
      while (System.nanoTime() - start < 1_000_000_000L) {
        work.run();
        count++;
      }
      System.out.printf("%s, round %d: %.0f documents/s on one thread%n", name, round,
          count / ((System.nanoTime() - start) / 1e9));
    }
  }
}
