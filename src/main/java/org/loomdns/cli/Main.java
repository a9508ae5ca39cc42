package org.loomdns.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import java.io.PrintStream;
import java.util.List;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.log.OutOfMemory;
import org.loomdns.server.DnsServer;
import org.loomdns.server.UdpIo;
import org.tinylog.Logger;

/**
 * {@code java -jar loomdns.jar [options]} serves; {@code java -jar loomdns.jar check …} checks
 * zone and rule files; {@code java -jar loomdns.jar lookup …} looks names up, like dig; {@code update …}
 * sends dynamic updates, like nsupdate. Every failure
 * is one line on stderr and a non-zero exit, never a stack trace.
 */
public final class Main {

  /** Exit codes: 0 fine, 1 could not do it, 2 the command line is wrong. */
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    OutOfMemory.install();
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (OutOfMemoryError e) {
      OutOfMemory.halt(e, "the main thread");
      return;
    } catch (RuntimeException | Error e) {
      System.err.println("loomdns: internal error: " + e);
      code = FAILED;
    }
    System.exit(code);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("check")) {
      return CheckCommand.run(List.of(args).subList(1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("test")) {
      return TestCommand.run(List.of(args).subList(1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("diff")) {
      return DiffCommand.run(List.of(args).subList(1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("journal")) {
      return JournalCommand.run(List.of(args).subList(1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("lookup")) {
      return LookupCommand.run(List.of(args).subList(1, args.length), System.in, out, err);
    }
    if (args.length > 0 && args[0].equals("update")) {
      return UpdateCommand.run(List.of(args).subList(1, args.length), System.in, out, err);
    }
    if (!mayChooseUdpIo(args)) {
      // The native UDP socket's set-up is the longest wait of a start with an AOT cache; begun
      // here, it overlaps the reading of the options instead of following it.
      DnsServer.prepare(UdpIo.AUTO);
    }
    ServeOptions options = new ServeOptions();
    JCommander jc = JCommander.newBuilder().programName("java -jar loomdns.jar").addObject(options).build();
    try {
      Verbosity v = Verbosity.of(args);
      jc.parse(EqualsForm.split(v.rest()));
      options.verbosity = v.level();
    } catch (ParameterException e) {
      err.println("loomdns: " + OptionErrors.plain(e.getMessage()) + " (see --help)");
      return USAGE;
    }
    if (options.help) {
      StringBuilder sb = new StringBuilder();
      jc.getUsageFormatter().usage(sb);
      // JCommander shows "Default: []" for repeatable options and "Default: false" for flags; noise.
      out.print(sb.toString().replaceAll("(?m)^\\s+Default: (\\[\\]|false)\\s*\\R", ""));
      out.println("Commands:");
      out.println("  check [--config FILE]... [--script RULES]... [ZONE]...   Check configuration files (*.conf.groovy), zone files (BIND; .groovy/.py: Groovy DSL) and rule files"
          + " as the server loads them; print each zone's name, serial and size, each rule file's rule count;"
          + " also --tsig-key, --secondary, --allow-notify and --allow-update values, and --update-policy files");
      out.println("  lookup [@SERVER] [-p PORT] NAME [TYPE] | -x ADDRESS | -f FILE   Look names up, like dig");
      out.println("  test [--junit-xml DIR] DIR|FILE...   Run the Spock specs (*Spec.groovy) of your zones and rules;"
          + " see docs/testing.md");
      out.println("  diff OLD NEW [--queries FILE]   Answer the same questions from two versions of a zone or rule file"
          + " and print every answer that changes; exit 1 when one does");
      out.println("  journal ZONEFILE   Print the zone with the updates in ZONEFILE.jnl, as a BIND zone file");
      out.println("  update [-y [ALG:]NAME:SECRET] [-v] [-t SECONDS] [-p PORT] [-f FILE | FILE]   Send dynamic updates"
          + " from an nsupdate script (stdin without FILE)");
      return OK;
    }
    if (options.version) {
      out.println("loomdns " + Version.get());
      return OK;
    }
    ConfigFile.Configured configured;
    try {
      configured = ConfigFile.read(options, args);
      Operations.checkLogging(configured.options());
    } catch (ConfigException e) {
      err.println("loomdns: " + e.getMessage());
      return FAILED;
    } catch (IllegalArgumentException e) {
      err.println("loomdns: " + e.getMessage());
      return USAGE;
    }
    ServeOptions o = configured.options();
    Logging.configure(o.verbosity, o.logFile, o.syslog ? o.syslogServer : null);
    return serve(o, configured.config(), args, err);
  }

  /**
   * Whether {@code args} may choose another UDP socket than the default's (--udp-io, or a --config
   * file that may set it), or ask for no server at all (--help, --version).
   */
  private static boolean mayChooseUdpIo(String[] args) {
    for (String a : args) {
      if (a.startsWith("--udp-io") || a.startsWith("--config") || a.equals("-h") || a.equals("--help")
          || a.equals("--version")) {
        return true;
      }
    }
    return false;
  }

  private static int serve(ServeOptions options, Config configFile, String[] args, PrintStream err) {
    Serving serving;
    try {
      serving = Serving.build(options, configFile, args).start();
    } catch (Serving.SetupException e) {
      err.println("loomdns: " + e.getMessage());
      return e.code();
    }
    Signals.awaitStop(serving::reload, serving::announce);
    Logger.info("stopping: finishing queries in flight");
    serving.close();
    Logger.info("stopped");
    return OK;
  }
}
