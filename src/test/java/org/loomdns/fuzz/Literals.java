package org.loomdns.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;

/**
 * Groovy literals made from fuzz data for the targets that write Groovy: strings hold only
 * characters that cannot end or escape a single-quoted literal, so the generated file stays data
 * in the DSL's own terms whatever the fuzzer picks.
 */
final class Literals {

  /** No quote, backslash, dollar or line break: nothing that leaves the string or interpolates. */
  private static final String SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_*?:/@=+ ,;#%&()[]{}<>!|~^";

  private Literals() {}

  /** A single-quoted Groovy string: one of {@code pool}, or fuzz characters from the safe set. */
  static String string(FuzzedDataProvider data, List<String> pool) {
    if (data.consumeBoolean()) {
      return quote(data.pickValue(pool));
    }
    String raw = data.consumeString(data.consumeInt(0, 80));
    StringBuilder s = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      s.append(SAFE.charAt(Math.floorMod(raw.charAt(i), SAFE.length())));
    }
    return quote(s.toString());
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }

  /** A literal of any kind the DSLs take as an argument. */
  static String any(FuzzedDataProvider data, List<String> pool) {
    return switch (data.consumeInt(0, 5)) {
      case 0 -> String.valueOf(data.consumeInt(-1, 70_000));
      case 1 -> String.valueOf(data.consumeLong());
      case 2 -> String.valueOf(data.consumeBoolean());
      case 3 -> "null";
      case 4 -> data.pickValue(List.of("'1H'", "'2W'", "'5M'", "'30s'", "'1d'", "'0'", "'-1'", "'1X'"));
      default -> string(data, pool);
    };
  }
}
