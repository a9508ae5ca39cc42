package org.loomdns.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.loomdns.dynamic.DynamicResolver;
import org.loomdns.dynamic.RuleLoadException;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@code diff OLD NEW [--queries FILE]}: serves two versions of a zone file (BIND or Groovy) or of a
 * rule file side by side, asks both the same questions and prints every answer that changes, before
 * and after, as dig shows them. The questions default to every name and type in either zone, and a
 * name that exists in neither under each origin. Exit 0 when nothing changes, 1 when something
 * does, 2 when a file has a mistake (file:line) or the command line is wrong.
 */
final class DiffCommand {

  private static final String USAGE = "usage: java -jar loomdns.jar diff OLD NEW [--queries FILE]";
  /** A label no zone is likely to have, for the question whose answer is a denial. */
  private static final String ABSENT = "loomdns-diff-absent";
  private static final int[] SECTIONS = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};
  private static final String[] SECTION_NAMES = {"ANSWER", "AUTHORITY", "ADDITIONAL"};

  private record Question(Name name, int type) {
    @Override
    public String toString() {
      return name + " " + Type.string(type);
    }
  }

  private DiffCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Logging.quiet();
    List<String> files = new ArrayList<>();
    Path queries = null;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--queries") && i + 1 < args.size()) {
        queries = Path.of(args.get(++i));
      } else if (args.get(i).startsWith("-")) {
        err.println(args.get(i).equals("--help") || args.get(i).equals("-h") ? USAGE : "loomdns: diff: unknown option " + args.get(i) + "\n" + USAGE);
        return args.get(i).equals("--help") || args.get(i).equals("-h") ? Main.OK : Main.USAGE;
      } else {
        files.add(args.get(i));
      }
    }
    if (files.size() != 2) {
      err.println(USAGE);
      return Main.USAGE;
    }
    try {
      Version before = Version.load(Path.of(files.get(0)));
      Version after = Version.load(Path.of(files.get(1)));
      if (before.zone() == null != (after.zone() == null)) {
        throw new IllegalArgumentException(files.get(0) + " and " + files.get(1) + ": one is a zone, the other rules; compare like with like");
      }
      Set<Question> questions = queries != null ? readQueries(queries) : questionsOf(before, after);
      return compare(before, after, questions, out);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return Main.USAGE;
    } catch (Serving.SetupException | IOException e) {
      err.println("loomdns: " + e.getMessage());
      return Main.USAGE;
    }
  }

  /** One side: the file, its zone (null for rules), and the options that serve it. */
  private record Version(Path file, Zone zone, List<String> options) {

    /** A zone when it loads as one; else a rule file; else the mistake (file:line) of what it most looks like. */
    static Version load(Path file) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + ": no such file");
      }
      try {
        Zone z = CheckCommand.formatOf(file).load(file);
        return new Version(file, z, List.of(Serving.zoneOption(file), file.toString()));
      } catch (ZoneLoadException zoneError) {
        try {
          DynamicResolver.check(file);
          return new Version(file, null, List.of("--script", file.toString()));
        } catch (RuleLoadException ruleError) {
          throw new IllegalArgumentException(looksLikeRules(file) ? ruleError.getMessage() : zoneError.getMessage());
        }
      }
    }

    private static boolean looksLikeRules(Path file) {
      try {
        return Files.readString(file).matches("(?s).*\\brule\\s*\\(.*");
      } catch (IOException e) {
        return false;
      }
    }
  }

  private static int compare(Version before, Version after, Set<Question> questions, PrintStream out)
      throws Serving.SetupException, IOException {
    int changed = 0;
    try (Serving old = Serving.onLoopback(before.options()); Serving now = Serving.onLoopback(after.options())) {
      for (Question q : questions) {
        Message a = ask(old, q);
        Message b = ask(now, q);
        if (!shown(a).equals(shown(b))) {
          changed++;
          out.println(";; " + q + " changed");
          out.println(";; before (" + before.file() + "):");
          out.print(shown(a));
          out.println(";; after (" + after.file() + "):");
          out.print(shown(b));
          out.println();
        }
      }
    }
    out.println(changed + " of " + questions.size() + (questions.size() == 1 ? " answer" : " answers") + " changed");
    return changed == 0 ? Main.OK : Main.FAILED;
  }

  /** What a reviewer compares: rcode, AA and TC, and each section's records in order, as dig prints them. */
  private static String shown(Message m) {
    StringBuilder sb = new StringBuilder(";; status: ").append(Rcode.string(m.getRcode()))
        .append(m.getHeader().getFlag(Flags.AA) ? ", aa" : "").append(m.getHeader().getFlag(Flags.TC) ? ", tc" : "")
        .append('\n');
    for (int i = 0; i < SECTIONS.length; i++) {
      List<Record> records = m.getSection(SECTIONS[i]).stream().filter(r -> r.getType() != Type.OPT).toList();
      if (!records.isEmpty()) {
        sb.append(";; ").append(SECTION_NAMES[i]).append(" SECTION:\n");
        records.forEach(r -> sb.append(r).append('\n'));
      }
    }
    return sb.toString();
  }

  private static Message ask(Serving s, Question q) throws IOException {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port()));
    r.setTCP(true);
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(Message.newQuery(Record.newRecord(q.name(), q.type(), DClass.IN)));
  }

  /** Every name and type in either zone, then a name in neither under each origin. */
  private static Set<Question> questionsOf(Version before, Version after) {
    if (before.zone() == null) {
      throw new IllegalArgumentException("loomdns: diff: rule files name no questions of their own: give --queries FILE");
    }
    Set<Question> questions = new LinkedHashSet<>();
    Set<Name> origins = new LinkedHashSet<>();
    for (Zone z : List.of(before.zone(), after.zone())) {
      origins.add(z.origin());
      z.transferRecords().forEach(r -> questions.add(new Question(r.getName(), r.getType())));
    }
    for (Name o : origins) {
      try {
        questions.add(new Question(Name.concatenate(Name.fromConstantString(ABSENT), o), Type.A));
      } catch (org.xbill.DNS.NameTooLongException e) {
        // an origin this long has no room for a name under it to ask about
      }
    }
    return questions;
  }

  /** One question a line: NAME [TYPE] (A when left out); # starts a comment. */
  private static Set<Question> readQueries(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    Set<Question> questions = new LinkedHashSet<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceAll("#.*", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      int type = f.length > 1 ? Type.value(f[1]) : Type.A;
      if (f.length > 2 || type < 0) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": a question is NAME [TYPE], not " + line);
      }
      try {
        questions.add(new Question(Name.fromString(f[0], Name.root), type));
      } catch (TextParseException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a domain name: " + f[0]);
      }
    }
    return questions;
  }
}
