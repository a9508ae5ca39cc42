package org.loomdns.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.xbill.DNS.Type;

/**
 * Set-up every server start pays and no option changes, done on a second core while the main
 * thread reads the command line: dnsjava's type table (a lambda per record type), the security
 * providers behind the zone files' SHA-256 and the virtual-thread scheduler. Nothing waits for
 * it: the main thread uses the same classes when it gets to them, and the JVM initialises each
 * once, for whichever thread comes first. Type's initialiser refers to no class that refers back,
 * so the threads cannot deadlock; it does take dnsjava's slf4j logger, and the first logger fixes
 * tinylog's configuration, so the work starts once logging is configured as the options say.
 */
final class Preload {

  private Preload() {}

  /** Starts the work on a daemon thread; whatever fails here fails again, and is reported, where it is needed. */
  static void start() {
    Thread.ofPlatform().daemon().name("preload").start(Preload::run);
  }

  /**
   * Whether no argument can change the log from its default (stderr, level info): none is -v,
   * --verbose, --log-file or --syslog…, and no --config file or @-file (JCommander reads
   * arguments from one) can add one. Then logging can be configured before the options are read.
   */
  static boolean loggingLeftDefault(String[] args) {
    for (String a : args) {
      if (a.startsWith("-v") || a.equals("--verbose") || a.startsWith("--log-file") || a.startsWith("--syslog")
          || a.startsWith("--config") || a.startsWith("@")) {
        return false;
      }
    }
    return true;
  }

  private static void run() {
    try {
      Type.value("A");
      MessageDigest.getInstance("SHA-256");
      Thread.ofVirtual().start(() -> { });
    } catch (NoSuchAlgorithmException | RuntimeException | LinkageError e) {
      // The main thread does the same and reports it there.
    }
  }
}
