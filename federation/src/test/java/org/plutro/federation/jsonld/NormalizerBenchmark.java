package org.plutro.federation.jsonld;

import java.nio.charset.StandardCharsets;

/**
 * Normalisation rate of a typical Mastodon Create(Note) on one thread. A command, not a test:
 * {@code mvn -q -B -pl federation test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.plutro.federation.jsonld.NormalizerBenchmark}
 */
public final class NormalizerBenchmark {
  public static void main(String[] args) throws Exception {
    JsonLdNormalizer normalizer = new JsonLdNormalizer();
    byte[] body = JsonLdNormalizerTest.MASTODON_CREATE.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 5_000; i++) {
      normalizer.normalize(body);
    }
    var doc = com.apicatalog.jsonld.document.JsonDocument.of(new java.io.ByteArrayInputStream(body));
    long t0 = System.nanoTime();
    int n = 0;
    while (System.nanoTime() - t0 < 2_000_000_000L) {
      var d = com.apicatalog.jsonld.document.JsonDocument.of(new java.io.ByteArrayInputStream(body));
      var o = new com.apicatalog.jsonld.JsonLdOptions(BundledContexts.INSTANCE);
      o.setUriValidation(false);
      com.apicatalog.jsonld.JsonLd.expand(d).options(o).get();
      n++;
    }
    System.out.printf("expansion only: %.0f/s%n", n / ((System.nanoTime() - t0) / 1e9));
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      int count = 0;
      while (System.nanoTime() - start < 2_000_000_000L) {
        normalizer.normalize(body);
        count++;
      }
      System.out.printf("round %d: %.0f documents/s on one thread%n", round,
          count / ((System.nanoTime() - start) / 1e9));
    }
  }
}
