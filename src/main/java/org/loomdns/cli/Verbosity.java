package org.loomdns.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts {@code -v}, {@code --verbose} and {@code -vv}, as users of twistd and dig expect; JCommander
 * has no counting flag, so it sees at most one {@code -v}.
 */
record Verbosity(int level, String[] rest) {

  static Verbosity of(String[] args) {
    List<String> out = new ArrayList<>(args.length);
    int level = 0;
    for (String a : args) {
      if (a.equals("--verbose") || a.matches("-v+")) {
        level += a.equals("--verbose") ? 1 : a.length() - 1;
      } else {
        out.add(a);
      }
    }
    if (level > 0) {
      out.add("-v");
    }
    return new Verbosity(level, out.toArray(String[]::new));
  }
}
