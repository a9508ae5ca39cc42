package org.loomdns.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.loomdns.dynamic.DynamicResolver;
import org.loomdns.dynamic.RuleLoadException;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneLoadException;

/**
 * {@code check [--script RULES]… [ZONE]…}: loads each zone file and each rule file as the server
 * would, like named-checkzone. Prints the zone's name, serial and record count or the rule count,
 * or each error with file and line; exit 0 when every file is good, 1 when any is not, 2 for a
 * wrong command line.
 */
final class CheckCommand {

  private static final String USAGE = "usage: java -jar loomdns.jar check [--script RULES]... [ZONE]...";

  private CheckCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Logging.configure(0);
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return Main.OK;
    }
    if (args.isEmpty() || args.getLast().equals("--script")) {
      err.println(USAGE);
      return Main.USAGE;
    }
    int code = Main.OK;
    for (int i = 0; i < args.size(); i++) {
      boolean rules = args.get(i).equals("--script");
      String f = rules ? args.get(++i) : args.get(i);
      if (!(rules ? checkRules(f, out, err) : checkZone(f, out, err))) {
        code = Main.FAILED;
      }
    }
    return code;
  }

  private static boolean checkZone(String f, PrintStream out, PrintStream err) {
    Path path = Path.of(f);
    try {
      Zone z = formatOf(path).load(path);
      out.println(f + ": zone " + z.origin() + " serial " + z.serial() + ", " + z.recordCount()
          + " records: OK");
      return true;
    } catch (ZoneLoadException e) {
      err.println(e.getMessage());
      return false;
    }
  }

  private static boolean checkRules(String f, PrintStream out, PrintStream err) {
    try {
      int n = DynamicResolver.check(Path.of(f));
      out.println(f + ": " + n + (n == 1 ? " rule" : " rules") + ": OK");
      return true;
    } catch (RuleLoadException e) {
      err.println(e.getMessage());
      return false;
    }
  }

  /** The format a file's name says: .groovy and .py are the Groovy DSL, anything else BIND. */
  static ZoneFormat formatOf(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    return name.endsWith(".groovy") || name.endsWith(".py") ? ZoneFormat.GROOVY : ZoneFormat.BIND;
  }
}
