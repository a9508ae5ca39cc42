package org.loomdns.units;

import java.util.Locale;

/** A size as operators write it: bytes, or a whole number with k, m or g (binary multiples). */
public final class ByteSize {

  private ByteSize() {}

  /**
   * The bytes {@code text} says ({@code "64m"} is 67,108,864), or -1 when it says none: not a whole
   * number with an optional unit, negative, or beyond a {@code long}. Callers say what was wrong
   * in the words of their own option.
   */
  public static long parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    try {
      long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
      return n >= 0 && n <= Long.MAX_VALUE / unit ? n * unit : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
