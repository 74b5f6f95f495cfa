package org.plutro.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * How much of the heap may stay free. After each full collection HotSpot's serial collector (the
 * README's) sizes the heap so that 40% to 70% of it is free: one burst of inbox deliveries, with
 * some 60 MiB live for a moment, left 150 MiB committed for 30 MiB live, and pages once touched stay
 * resident. With 20% to 40% the heap follows what is live, at a few more full collections (a burst
 * of 20,000 deliveries: 65 MiB instead of 150). Both options can be changed at run time; a command
 * line that sets either keeps its own.
 */
final class HeapFreeRatios {
  static final String MIN = "MinHeapFreeRatio";
  static final String MAX = "MaxHeapFreeRatio";
  static final int MIN_FREE_PERCENT = 20;
  static final int MAX_FREE_PERCENT = 40;

  private HeapFreeRatios() {}

  /** Sets both unless the command line set one of them; answers whether it did. */
  static boolean apply(HotSpotDiagnosticMXBean hotspot) {
    if (!isDefault(hotspot.getVMOption(MIN)) || !isDefault(hotspot.getVMOption(MAX))) {
      return false;
    }
    // The minimum first: the JVM refuses a maximum below the minimum in force.
    hotspot.setVMOption(MIN, Integer.toString(MIN_FREE_PERCENT));
    hotspot.setVMOption(MAX, Integer.toString(MAX_FREE_PERCENT));
    return true;
  }

  private static boolean isDefault(VMOption option) {
    return option.getOrigin() == VMOption.Origin.DEFAULT;
  }
}
