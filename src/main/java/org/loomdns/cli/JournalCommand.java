package org.loomdns.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.loomdns.journal.Journals;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneLoadException;
import org.loomdns.zone.bind.ZoneWriter;

/**
 * {@code journal ZONEFILE}: the zone as loomdns serves it, the file with the updates its journal
 * holds, printed as a BIND zone file. The first step of editing a zone that takes updates by hand.
 */
final class JournalCommand {

  static final String USAGE = "usage: java -jar loomdns.jar journal ZONEFILE   (prints the zone with the updates in ZONEFILE.jnl)";

  private JournalCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Logging.configure(0);
    if (args.size() != 1 || args.getFirst().startsWith("-")) {
      err.println(USAGE);
      return Main.USAGE;
    }
    Path file = Path.of(args.getFirst());
    if (!Files.isReadable(file)) {
      err.println("loomdns: " + file + ": " + (Files.exists(file) ? "cannot read it" : "no such file"));
      return Main.USAGE;
    }
    try {
      Zone loaded = CheckCommand.formatOf(file).load(file);
      Zone zone = new Journals(Journals.Limits.DEFAULT).recover(file, loaded);
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      ZoneWriter.write(zone, "zone " + zone.origin() + " serial " + zone.serial() + ": " + file
          + (Files.exists(Journals.journalOf(file)) ? " with the updates in " + Journals.journalOf(file) : ""), w);
      w.flush();
      return Main.OK;
    } catch (ZoneLoadException e) {
      err.println("loomdns: " + e.getMessage());
      return Main.FAILED;
    } catch (IOException e) {
      err.println("loomdns: " + e.getMessage());
      return Main.FAILED;
    }
  }
}
