package org.loomdns.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.acl.Acl;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.config.ConfigLoader;
import org.loomdns.config.ViewBlock;
import org.loomdns.config.ZoneBlock;
import org.loomdns.dynamic.DynamicResolver;
import org.loomdns.dynamic.RuleLoadException;
import org.loomdns.secondary.SecondaryConfig;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.journal.Journals;
import org.loomdns.update.PolicyLoadException;
import org.loomdns.update.PolicyLoader;
import org.loomdns.update.UpdateAccess;
import org.loomdns.update.UpdatePolicy;
import org.loomdns.zone.DnssecCheck;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneBuilder;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneLoadException;
import org.loomdns.zone.bind.BindZoneLoader;
import org.loomdns.zone.dsl.GroovyZoneLoader;

/**
 * {@code check [--script RULES]… [ZONE]…}: loads each zone file and each rule file as the server
 * would, like named-checkzone. Prints the zone's name, serial and record count or the rule count,
 * or each error with file and line; in a signed zone, what validators would reject
 * ({@link DnssecCheck}: errors) and signatures about to expire (warnings, which leave the exit code alone); exit 0 when every file is good, 1 when any is not, 2 for a
 * wrong command line, a bad {@code --tsig-key}, {@code --secondary} or {@code --allow-notify} among them.
 */
final class CheckCommand {

  private static final String USAGE = "usage: java -jar loomdns.jar check [--config FILE]... [--script RULES]... [ZONE]... "
      + "[--tsig-key KEY]... [--secondary ADDR[:PORT]/ZONE[/key:NAME]]... [--allow-notify CIDR|key:NAME]... "
      + "[--allow-update NAME|key:NAME|CIDR]... [--update-policy FILE]...";
  /** Options whose values are checked as the server would take them, not read as files. */
  private static final List<String> FORMS = List.of("--tsig-key", "--secondary", "--allow-notify",
      "--allow-update", "--update-policy");
  /** A zone signed with the wrong key fails every RRset: the first few lines say it. */
  private static final int MAX_DNSSEC_LINES = 20;

  private CheckCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Logging.configure(0);
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return Main.OK;
    }
    if (args.isEmpty() || args.getLast().equals("--script") || args.getLast().equals("--config")
        || FORMS.contains(args.getLast())) {
      err.println(USAGE);
      return Main.USAGE;
    }
    Map<String, List<String>> forms = new HashMap<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (FORMS.contains(args.get(i))) {
        forms.computeIfAbsent(args.get(i), k -> new ArrayList<>()).add(args.get(++i));
      } else {
        files.add(args.get(i));
      }
    }
    if (!checkForms(forms, out, err)) {
      return Main.USAGE;
    }
    int code = checkFiles(files, out, err);
    TsigKeys keys = TsigKeys.parse(forms.getOrDefault("--tsig-key", List.of()));
    for (String f : forms.getOrDefault("--update-policy", List.of())) {
      if (!checkPolicy(f, keys, out, err)) {
        code = Main.FAILED;
      }
    }
    return code;
  }

  /**
   * Keys, secondaries and NOTIFY lists, each as {@code serve} parses it; every bad one is reported
   * on its own line. True when all are good.
   */
  private static boolean checkForms(Map<String, List<String>> forms, PrintStream out, PrintStream err) {
    boolean good = true;
    List<String> keySpecs = forms.getOrDefault("--tsig-key", List.of());
    for (String k : keySpecs) {
      try {
        TsigKeys.parse(List.of(k));
      } catch (IllegalArgumentException e) {
        err.println("--tsig-key: " + e.getMessage());
        good = false;
      }
    }
    TsigKeys keys;
    try {
      keys = TsigKeys.parse(keySpecs);
      keys.all().forEach(k -> out.println("--tsig-key " + k + ": OK"));
    } catch (IllegalArgumentException e) {
      if (good) {
        err.println("--tsig-key: " + e.getMessage());
      }
      return false;
    }
    for (String spec : forms.getOrDefault("--secondary", List.of())) {
      try {
        SecondaryConfig c = SecondaryConfig.parse(List.of(spec), keys).getFirst();
        out.println("--secondary " + spec + ": zone " + c.origin() + " from " + c.primaries().getFirst() + ": OK");
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        good = false;
      }
    }
    for (String entry : forms.getOrDefault("--allow-update", List.of())) {
      try {
        UpdateAccess.parse(List.of(entry), keys, UpdatePolicy.NONE);
        out.println("--allow-update " + entry + ": OK");
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        good = false;
      }
    }
    for (String entry : forms.getOrDefault("--allow-notify", List.of())) {
      try {
        Acl.parse(List.of(entry), keys, "--allow-notify");
        out.println("--allow-notify " + entry + ": OK");
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        good = false;
      }
    }
    if (good) {
      try {
        SecondaryConfig.parse(forms.getOrDefault("--secondary", List.of()), keys);
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        good = false;
      }
    }
    return good;
  }

  private static int checkFiles(List<String> args, PrintStream out, PrintStream err) {
    int code = Main.OK;
    for (int i = 0; i < args.size(); i++) {
      String kind = args.get(i);
      boolean named = kind.equals("--script") || kind.equals("--config");
      String f = named ? args.get(++i) : args.get(i);
      boolean good = kind.equals("--script") ? checkRules(f, out, err)
          : kind.equals("--config") || isConfig(f) ? checkConfig(f, out, err) : checkZone(f, out, err);
      if (!good) {
        code = Main.FAILED;
      }
    }
    return code;
  }

  private static boolean checkZone(String f, PrintStream out, PrintStream err) {
    Path path = Path.of(f);
    try {
      ZoneBuilder read = formatOf(path) == ZoneFormat.BIND ? BindZoneLoader.read(path) : null;
      Zone z = read != null ? read.build() : formatOf(path).load(path);
      boolean good = true;
      List<DnssecCheck.Problem> problems = DnssecCheck.check(z, Instant.now());
      for (int i = 0; i < problems.size(); i++) {
        DnssecCheck.Problem p = problems.get(i);
        good &= !p.error();
        if (i < MAX_DNSSEC_LINES) {
          String where = read != null ? read.where(p.name(), p.type()) : f;
          err.println(where + ": " + (p.error() ? "DNSSEC error: " : "DNSSEC warning: ") + p.message());
        }
      }
      if (problems.size() > MAX_DNSSEC_LINES) {
        err.println(f + ": " + (problems.size() - MAX_DNSSEC_LINES) + " more DNSSEC problems");
      }
      Zone now = new Journals(Journals.Limits.DEFAULT).recover(path, z);
      if (good) {
        out.println(f + ": zone " + z.origin() + " serial " + z.serial() + ", " + z.recordCount() + " records"
            + (now == z ? "" : "; with the updates in " + Journals.journalOf(path).getFileName() + ": serial "
                + now.serial() + ", " + now.recordCount() + " records") + ": OK");
      }
      return good;
    } catch (ZoneLoadException e) {
      err.println(e.getMessage());
      return false;
    }
  }

  /** A file named *.conf.groovy is a configuration file, as the samples name theirs. */
  private static boolean isConfig(String f) {
    return f.endsWith(".conf.groovy");
  }

  /**
   * A configuration file as the server reads it: its settings as options (each checked as serve
   * checks it, mistakes at the file's line), its keys, and each of its zone files.
   */
  private static boolean checkConfig(String f, PrintStream out, PrintStream err) {
    try {
      Config config = ConfigLoader.load(Path.of(f), ConfigFile.keys());
      ServeOptions o = ConfigFile.merge(config, new String[0]);
      boolean good = true;
      try {
        ServerConfigs.of(o);
        TsigKeys keys = TsigKeys.parse(o.tsigKeys);
        Acl.parse(o.allowTransfer, keys, "--allow-transfer");
        Acl.parse(o.allowNotify, keys, "--allow-notify");
        SecondaryConfig.parse(o.secondaries, keys);
        for (String n : o.notify) {
          org.loomdns.notify.NotifyTarget.parse(n, keys);
        }
        Updates.access(o, keys, ZoneSettings.of(config, keys, false).policy());
        checkViews(config, o, keys);
      } catch (IllegalArgumentException e) {
        err.println(ConfigFile.located(config, e.getMessage()));
        return false;
      }
      List<String> zones = new ArrayList<>();
      o.bindZones.forEach(p -> zones.add(p.toString()));
      o.pyZones.forEach(p -> zones.add(p.toString()));
      List<ZoneBlock> blocks = new ArrayList<>(config.zones());
      config.views().forEach(v -> blocks.addAll(v.zones()));
      for (var z : blocks) {
        if (!java.nio.file.Files.isReadable(z.file())) {
          err.println(z.where() + ": zone " + z.name() + ": " + z.file() + ": no such file or cannot read it");
          return false;
        }
        zones.add(z.file().toString());
      }
      for (String z : zones) {
        good &= checkZone(z, out, err);
      }
      for (Path p : o.scripts) {
        good &= checkRules(p.toString(), out, err);
      }
      if (good) {
        out.println(f + ": " + config.settings().size() + " settings, " + blocks.size() + " zone blocks"
            + (config.views().isEmpty() ? "" : " in " + config.views().size() + " views") + ": OK");
      }
      return good;
    } catch (ConfigException | PolicyLoadException e) {
      err.println(e.getMessage());
      return false;
    }
  }

  /** Each view's clients, secondaries and update rules, as the server reads them; mistakes at the view's or zone's line. */
  private static void checkViews(Config config, ServeOptions o, TsigKeys keys) throws ConfigException,
      PolicyLoadException {
    if (config.views().isEmpty()) {
      return;
    }
    ZoneView.checkSharedFiles(config.views(), !o.allowUpdate.isEmpty() || o.updatePolicy != null, o.dnssecKeys != null);
    for (ViewBlock v : config.views()) {
      ZoneView.clients(v, keys);
      ZoneView.secondaries(v, keys);
      Updates.access(o, keys, ZoneSettings.of(v.zones(), keys, false).policy());
    }
  }

  /** An update policy file as the server loads it, its keys checked against the --tsig-key options given. */
  private static boolean checkPolicy(String f, TsigKeys keys, PrintStream out, PrintStream err) {
    try {
      int n = PolicyLoader.load(Path.of(f), keys).size();
      out.println(f + ": " + n + (n == 1 ? " update policy rule" : " update policy rules") + ": OK");
      return true;
    } catch (PolicyLoadException e) {
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

  /**
   * The format a file's name says (.groovy and .py are the --pyzone loader's), else its content:
   * a file that assigns zone or reads as Python is a pyzone (Twisted's often have no extension),
   * anything else BIND.
   */
  static ZoneFormat formatOf(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    if (name.endsWith(".groovy") || name.endsWith(".py")) {
      return ZoneFormat.GROOVY;
    }
    return GroovyZoneLoader.isPython(file) ? ZoneFormat.GROOVY : ZoneFormat.BIND;
  }
}
