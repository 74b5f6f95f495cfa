package org.plutro.server.http.web.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * A small bar chart drawn on the server as inline SVG (no script, no style attribute: classes
 * colour it), with its numbers as a sentence and a table for people who cannot see it.
 */
public record BarChart(String id, String title, String summary, List<Bar> bars, int width, int height,
    String maxLabel) {
  /** One bar: its place in the drawing, its label and value as the table says them. */
  public record Bar(int x, int y, int width, int height, String label, long value) {}

  static final int WIDTH = 280;
  static final int HEIGHT = 90;
  static final int TOP = 12;

  /** A chart of {@code values}, each under its {@code labels}; {@code unit} names what is counted. */
  static BarChart of(String id, String title, String unit, List<String> labels, List<Long> values,
      String period) {
    long highest = values.stream().mapToLong(Long::longValue).max().orElse(0);
    long max = Math.max(1, highest); // the scale: an empty chart still has one
    int slot = WIDTH / Math.max(1, values.size());
    int barWidth = Math.max(2, slot - Math.max(2, slot / 4));
    List<Bar> bars = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < values.size(); i++) {
      long value = values.get(i);
      total += value;
      int height = (int) Math.round((double) value / max * (HEIGHT - TOP));
      height = value > 0 ? Math.max(1, height) : 0;
      bars.add(new Bar(i * slot + (slot - barWidth) / 2, HEIGHT - height, barWidth, height, labels.get(i), value));
    }
    long last = values.isEmpty() ? 0 : values.get(values.size() - 1);
    String summary = title + ": " + total + " " + unit + " " + period + ", " + last + " in the latest"
        + " (highest " + highest + ").";
    return new BarChart(id, title, summary, bars, WIDTH, HEIGHT, Long.toString(highest));
  }
}
