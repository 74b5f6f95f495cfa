package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleHeapCollectorTest {
  private static final long MIB = 1L << 20;
  private static final long QUIET = IdleHeapCollector.QUIET.toNanos();
  private static final long CHECK = IdleHeapCollector.CHECK_EVERY.toNanos();

  /** A heap whose collections and size the test sets; a collection shrinks it to {@code live}. */
  private static final class FakeHeap implements IdleHeapCollector.Heap {
    long collections;
    long committed = 32 * MIB;
    long live = 30 * MIB;
    int collected;

    @Override
    public long collections() {
      return collections;
    }

    @Override
    public long committedBytes() {
      return committed;
    }

    @Override
    public void collect() {
      collected++;
      collections++;
      committed = live;
    }

    /** A burst: collections, and the heap grown to this size. */
    void burst(long committedMib) {
      collections += 10;
      committed = committedMib * MIB;
    }
  }

  @Test
  void collectsOnceWhenTheServerIsQuietAfterABurstThatGrewTheHeap() {
    FakeHeap heap = new FakeHeap();
    IdleHeapCollector collector = new IdleHeapCollector(heap, 0);
    heap.burst(130);
    long now = CHECK;
    assertFalse(collector.check(now)); // collections went on until this check
    for (now += CHECK; now < CHECK + QUIET; now += CHECK) {
      assertFalse(collector.check(now), "not quiet long enough yet");
    }
    assertTrue(collector.check(now));
    assertEquals(30 * MIB, heap.committed);
    for (int i = 0; i < 100; i++) {
      now += CHECK;
      assertFalse(collector.check(now), "never again while idle");
    }
    assertEquals(1, heap.collected);
  }

  @Test
  void neverWhileCollectionsGoOn() {
    FakeHeap heap = new FakeHeap();
    IdleHeapCollector collector = new IdleHeapCollector(heap, 0);
    for (long now = CHECK; now < 100 * QUIET; now += CHECK) {
      heap.burst(130);
      assertFalse(collector.check(now));
    }
    assertEquals(0, heap.collected);
  }

  @Test
  void notWhenTheHeapGrewByLessThanACollectionIsWorth() {
    FakeHeap heap = new FakeHeap();
    IdleHeapCollector collector = new IdleHeapCollector(heap, 0);
    heap.burst(32 + IdleHeapCollector.WORTH / MIB - 1);
    for (long now = CHECK; now < 10 * QUIET; now += CHECK) {
      assertFalse(collector.check(now));
    }
    assertEquals(0, heap.collected);
  }

  @Test
  void againAfterTheNextBurstOnly() {
    FakeHeap heap = new FakeHeap();
    IdleHeapCollector collector = new IdleHeapCollector(heap, 0);
    heap.burst(130);
    long now = quietUntilCollected(collector, CHECK);
    heap.burst(100);
    quietUntilCollected(collector, now + CHECK);
    assertEquals(2, heap.collected);
  }

  /** Checks until it collects (it must, within twice the quiet time); answers the time then. */
  private static long quietUntilCollected(IdleHeapCollector collector, long from) {
    for (long now = from; now <= from + 2 * QUIET; now += CHECK) {
      if (collector.check(now)) {
        return now;
      }
    }
    throw new AssertionError("no collection after " + 2 * QUIET / 1_000_000_000 + " s quiet");
  }

  /**
   * The real thing, in a JVM of its own started as the README's command starts the server: a burst
   * that grows the old generation, then one quiet period gives the heap back, although the serial
   * collector shrinks in steps.
   */
  @Test
  void theServerJvmGivesBackTheHeapABurstGrew() throws Exception {
    long[] mib = runIn(List.of());
    assertTrue(mib[0] - mib[1] >= 40, "committed heap before and after the idle collection: "
        + mib[0] + " -> " + mib[1] + " MiB");
  }

  @Test
  void withoutTheStepsTooTheHeapIsGivenBack() throws Exception {
    long[] mib = runIn(List.of("-XX:-ShrinkHeapInSteps"));
    assertTrue(mib[0] - mib[1] >= 40, "committed heap before and after the idle collection: "
        + mib[0] + " -> " + mib[1] + " MiB");
  }

  /** When the first collection shows that what is live fills the heap, it stops there. */
  @Test
  void oneCollectionOnlyWhenTheHeapHoldsWhatIsLive() throws Exception {
    long[] mib = runIn(List.of(), "keep");
    assertEquals(1, mib[2], "full collections; committed heap " + mib[0] + " -> " + mib[1] + " MiB");
  }

  private static long[] runIn(List<String> jvmOptions, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
        "-Xms32m", "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), output);
    String[] fields = output.split(" ");
    return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])};
  }

  /**
   * With the server's free ratios: 100 MiB live for a moment, then dropped (kept with the argument
   * {@code keep}); a quiet period on the collector's clock. Prints the committed heap in MiB before
   * and after, and the collections the idle collector made.
   */
  static final class Child {
    static volatile List<byte[]> kept = new ArrayList<>();

    public static void main(String[] args) {
      HeapFreeRatios.apply(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
      IdleHeapCollector.Heap heap = IdleHeapCollector.Heap.ofThisJvm();
      IdleHeapCollector collector = new IdleHeapCollector(heap, 0);
      for (int i = 0; i < 100 * 16; i++) {
        kept.add(new byte[64 * 1024]);
      }
      if (!List.of(args).contains("keep")) {
        kept = new ArrayList<>();
      }
      long before = heap.committedBytes();
      collector.check(CHECK);
      long collections = heap.collections();
      collector.check(CHECK + QUIET);
      System.out.println((before >> 20) + " " + (heap.committedBytes() >> 20) + " "
          + (heap.collections() - collections));
    }
  }
}
