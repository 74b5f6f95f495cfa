package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeapFreeRatiosTest {
  /** A JVM of its own: the options are the whole process's, and its command line is the point. */
  @Test
  void setsBothInAJvmStartedWithTheDefaults() throws Exception {
    assertEquals("applied 20 40", runIn(List.of()));
  }

  @Test
  void aCommandLineThatSetsEitherKeepsBoth() throws Exception {
    assertEquals("kept 40 50", runIn(List.of("-XX:MaxHeapFreeRatio=50")));
    assertEquals("kept 5 70", runIn(List.of("-XX:MinHeapFreeRatio=5")));
  }

  private static String runIn(List<String> jvmOptions) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  /** Applies the ratios in its JVM and prints what it did and the options in force. */
  static final class Child {
    public static void main(String[] args) {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      boolean applied = HeapFreeRatios.apply(hotspot);
      System.out.println((applied ? "applied " : "kept ")
          + hotspot.getVMOption(HeapFreeRatios.MIN).getValue() + " "
          + hotspot.getVMOption(HeapFreeRatios.MAX).getValue());
    }
  }
}
