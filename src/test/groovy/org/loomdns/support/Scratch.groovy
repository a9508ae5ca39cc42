package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path

/**
 * Files the specs write (zones, rule files, logs of loomdns processes), all under one directory
 * per test JVM that is removed when the JVM exits, so test runs leave nothing behind in /tmp.
 */
class Scratch {

  private static final Path ROOT = createRoot()

  private static Path createRoot() {
    Path root = Files.createTempDirectory('loomdns-specs')
    Runtime.runtime.addShutdownHook(new Thread({ root.toFile().deleteDir() }))
    root
  }

  /** A new, empty directory. */
  static Path dir(String prefix) {
    Files.createTempDirectory(ROOT, prefix)
  }

  /** A new, empty file. */
  static Path file(String prefix, String suffix) {
    Files.createTempFile(ROOT, prefix, suffix)
  }
}
