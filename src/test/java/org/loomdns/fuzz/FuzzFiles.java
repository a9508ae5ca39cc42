package org.loomdns.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneLoadException;

/**
 * Where the file fuzz targets write their inputs, and how the zone targets load them: one directory per JVM, removed at exit. (The
 * specs' Scratch is Groovy, compiled after these Java tests, so it cannot be used here.)
 */
final class FuzzFiles {

  private static final Path ROOT = createRoot();

  private FuzzFiles() {}

  /** A new, empty directory. */
  static Path dir(String prefix) throws IOException {
    return Files.createTempDirectory(ROOT, prefix);
  }

  /** Removes {@code dir} and what the target wrote into it, so a long run does not fill the disk. */
  static void remove(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A zone loader under test. */
  @FunctionalInterface
  interface ZoneLoader {
    Zone load(Path file) throws ZoneLoadException;
  }

  /**
   * Writes {@code content} as {@code name} (beside {@code others}, name to text) in a new directory
   * and loads it: a zone, or a ZoneLoadException naming a file of that directory.
   */
  static void loadZone(String name, byte[] content, Map<String, String> others, ZoneLoader loader) throws IOException {
    Path dir = dir("zone");
    try {
      Path file = dir.resolve(name);
      Files.write(file, content);
      for (Map.Entry<String, String> other : others.entrySet()) {
        Files.writeString(dir.resolve(other.getKey()), other.getValue());
      }
      try {
        assertNotNull(loader.load(file));
      } catch (ZoneLoadException e) {
        assertTrue(e.getMessage().startsWith(dir.toString()), () -> "the error names no file: " + e.getMessage());
      }
    } finally {
      remove(dir);
    }
  }

  private static Path createRoot() {
    try {
      Path root = Files.createTempDirectory("loomdns-fuzz");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          remove(root);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
