package org.loomdns.units;

import java.nio.file.Files;
import java.nio.file.Path;

/** A file an option names for us to write (a log, a pidfile), checked before the server starts. */
public final class OutputFile {

  private OutputFile() {}

  /**
   * {@code file} itself when its directory exists and we may write in it and it is not a directory;
   * else an IllegalArgumentException naming {@code option}, so a typo stops the start, not the first write.
   */
  public static Path check(Path file, String option) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new IllegalArgumentException(option + " " + file + ": " + dir + " is not a directory we may write in");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + ": is a directory");
    }
    return file;
  }
}
