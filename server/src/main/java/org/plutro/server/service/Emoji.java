package org.plutro.server.service;

/**
 * Whether a string is one Unicode emoji (with its modifiers, joiners, keycaps and flags). We have
 * no custom emoji, so this is what a reaction may be.
 */
public final class Emoji {
  private Emoji() {}

  public static boolean isEmoji(String value) {
    if (value == null || value.isEmpty() || value.length() > 64) {
      return false;
    }
    boolean pictographic = false;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (isPictographic(cp)) {
        pictographic = true;
      } else if (!isJoiningPart(cp) && !(cp >= '0' && cp <= '9') && cp != '#' && cp != '*') {
        return false;
      }
    }
    return pictographic || value.contains("\u20E3");
  }

  private static boolean isPictographic(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF)
        || (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2B00 && cp <= 0x2BFF)
        || (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x2900 && cp <= 0x297F)
        || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122
        || cp == 0x2139 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299
        || (cp >= 0x25A0 && cp <= 0x25FF);
  }

  /** Variation selectors, zero-width joiner, keycap, skin tones (within 1F3FB-1F3FF), tags. */
  private static boolean isJoiningPart(int cp) {
    return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || cp == 0x20E3
        || (cp >= 0xE0020 && cp <= 0xE007F);
  }
}
