package org.loomdns.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/** tinylog set up from the command line, before the first line is logged. */
final class Logging {

  private static final String FORMAT = "{date: yyyy-MM-dd HH:mm:ss.SSS} {level}: {message}";

  private Logging() {}

  /** To stderr, at the level {@code verbosity} says. */
  static void configure(int verbosity) {
    configure(verbosity, null, null);
  }

  /**
   * Level info by default; one {@code -v} turns on the per-query lines (debug); a second lets
   * dnsjava's own debug output (which it logs through slf4j into tinylog) through as well. The log
   * goes to {@code file}, to the syslog server at {@code syslog} (HOST:PORT, over UDP, facility
   * daemon, as "loomdns"), or both; to stderr when neither is given.
   */
  static void configure(int verbosity, Path file, String syslog) {
    configure(verbosity >= 1 ? "debug" : "info", verbosity, file, syslog);
  }

  /** Warnings and errors alone: the test command's output is the specs' results. */
  static void quiet() {
    configure("warn", 0, null, null);
  }

  private static void configure(String level, int verbosity, Path file, String syslog) {
    if (Configuration.isFrozen()) {
      return;
    }
    Map<String, String> c = new HashMap<>();
    if (file == null && syslog == null) {
      c.put("writer", "console");
      c.put("writer.stream", "err");
      c.put("writer.format", FORMAT);
    }
    if (file != null) {
      c.put("writer1", "file");
      c.put("writer1.file", file.toString());
      c.put("writer1.append", "true");
      c.put("writer1.format", FORMAT);
    }
    if (syslog != null) {
      int colon = syslog.lastIndexOf(':');
      c.put("writer2", "syslog");
      c.put("writer2.host", colon < 0 ? syslog : syslog.substring(0, colon).replaceAll("^\\[|\\]$", ""));
      c.put("writer2.port", colon < 0 ? "514" : syslog.substring(colon + 1));
      c.put("writer2.protocol", "udp");
      c.put("writer2.facility", "DAEMON");
      c.put("writer2.identification", "loomdns");
      c.put("writer2.format", "{level}: {message}");
    }
    c.put("level", level);
    c.put("level@org.xbill", verbosity >= 2 ? "debug" : "warn");
    c.put("writingthread", "true");
    Configuration.replace(c);
  }
}
