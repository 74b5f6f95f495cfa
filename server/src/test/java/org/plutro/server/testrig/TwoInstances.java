package org.plutro.server.testrig;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two real Plutro instances, {@link #a()} and {@link #b()}, each with a database of its own, for a
 * whole test class: started (side by side, which halves the wait) before its {@code @BeforeAll}
 * methods and closed after its {@code @AfterAll} ones.
 *
 * <pre>{@code
 * @RegisterExtension static final TwoInstances net = new TwoInstances();
 * ... net.a().register("alice") ...
 * }</pre>
 *
 * Each class gets a pair of its own: tests register fixed usernames ("alice") and change settings
 * of a whole instance (domain blocks, admin settings), so classes must not see each other's data.
 */
public final class TwoInstances implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, String> aEnvironment;
  private final Map<String, String> bEnvironment;
  private TestInstance a;
  private TestInstance b;

  /** Two instances with the test rig's usual settings. */
  public TwoInstances() {
    this(Map.of(), Map.of());
  }

  /** Two instances; each map adds or overrides PLUTRO_* variables, as {@link TestInstance#start(Map)}. */
  public TwoInstances(Map<String, String> aEnvironment, Map<String, String> bEnvironment) {
    this.aEnvironment = aEnvironment;
    this.bEnvironment = bEnvironment;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    CompletableFuture<TestInstance> startingB =
        CompletableFuture.supplyAsync(() -> TestInstance.start(bEnvironment));
    try {
      a = TestInstance.start(aEnvironment);
    } finally {
      try {
        b = startingB.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw e;
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Both close at once too; a failure to close one still closes the other.
    CompletableFuture<Void> closingB = CompletableFuture.runAsync(() -> close(b));
    try {
      close(a);
    } finally {
      closingB.join();
      a = null;
      b = null;
    }
  }

  private static void close(TestInstance instance) {
    if (instance != null) {
      instance.close();
    }
  }

  public TestInstance a() {
    return started(a);
  }

  public TestInstance b() {
    return started(b);
  }

  private static TestInstance started(TestInstance instance) {
    if (instance == null) {
      throw new IllegalStateException("the instances run from the class's @BeforeAll to its @AfterAll:"
          + " register TwoInstances with @RegisterExtension on a static field");
    }
    return instance;
  }
}
