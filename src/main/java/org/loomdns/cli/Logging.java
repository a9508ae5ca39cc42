package org.loomdns.cli;

import java.util.HashMap;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/** tinylog set up from the command line, before the first line is logged. */
final class Logging {

  private Logging() {}

  /**
   * Level info by default; one {@code -v} turns on the per-query lines (debug); a second lets
   * dnsjava's own debug output (which it logs through slf4j into tinylog) through as well.
   */
  static void configure(int verbosity) {
    configure(verbosity >= 1 ? "debug" : "info", verbosity);
  }

  /** Warnings and errors alone: the test command's output is the specs' results. */
  static void quiet() {
    configure("warn", 0);
  }

  private static void configure(String level, int verbosity) {
    if (Configuration.isFrozen()) {
      return;
    }
    Map<String, String> c = new HashMap<>();
    c.put("writer", "console");
    c.put("writer.stream", "err");
    c.put("writer.format", "{date: yyyy-MM-dd HH:mm:ss.SSS} {level}: {message}");
    c.put("level", level);
    c.put("level@org.xbill", verbosity >= 2 ? "debug" : "warn");
    c.put("writingthread", "true");
    Configuration.replace(c);
  }
}
