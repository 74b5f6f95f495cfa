package org.plutro.federation.signature;

/** Quotes untrusted text in error messages: printable ASCII only, and short. */
final class SafeText {
  private static final int MAX = 48;

  private SafeText() {}

  static String quote(String untrusted) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < untrusted.length() && i < MAX; i++) {
      char c = untrusted.charAt(i);
      out.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    if (untrusted.length() > MAX) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
