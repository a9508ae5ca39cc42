package org.loomdns.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneLoadException;

/**
 * {@code check FILE…}: loads each zone file as the server would, like named-checkzone. Prints the
 * zone's name, serial and record count, or each error with file and line; exit 0 when every file
 * is good, 1 when any is not, 2 when no file was named.
 */
final class CheckCommand {

  private CheckCommand() {}

  static int run(List<String> files, PrintStream out, PrintStream err) {
    Logging.configure(0);
    if (files.isEmpty() || files.contains("--help") || files.contains("-h")) {
      (files.isEmpty() ? err : out).println("usage: java -jar loomdns.jar check FILE...");
      return files.isEmpty() ? Main.USAGE : Main.OK;
    }
    int code = Main.OK;
    for (String f : files) {
      Path path = Path.of(f);
      try {
        Zone z = formatOf(path).load(path);
        out.println(f + ": zone " + z.origin() + " serial " + z.serial() + ", " + z.recordCount()
            + " records: OK");
      } catch (ZoneLoadException e) {
        err.println(e.getMessage());
        code = Main.FAILED;
      }
    }
    return code;
  }

  /** The format a file's name says: .groovy and .py are the Groovy DSL, anything else BIND. */
  static ZoneFormat formatOf(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    return name.endsWith(".groovy") || name.endsWith(".py") ? ZoneFormat.GROOVY : ZoneFormat.BIND;
  }
}
