package org.loomdns.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.loomdns.acl.Acl;
import org.loomdns.authority.AuthorityResolver;
import org.loomdns.authority.ServedZones;
import org.loomdns.authority.ZoneCatalog;
import org.loomdns.authority.ZoneSet;
import java.util.concurrent.atomic.AtomicReference;
import org.loomdns.chain.ForClients;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.chain.Resolver;
import org.loomdns.chain.ResolverChain;
import org.loomdns.dynamic.DynamicResolver;
import org.loomdns.hosts.HostsResolver;
import org.loomdns.journal.Journals;
import org.loomdns.dynamic.NetworkRule;
import org.loomdns.dynamic.RuleLimits;
import org.loomdns.dynamic.RuleLoadException;
import org.loomdns.log.OutOfMemory;
import org.loomdns.net.Cidr;
import org.loomdns.notify.Notifier;
import org.loomdns.notify.NotifyTarget;
import org.loomdns.secondary.SecondaryConfig;
import org.loomdns.secondary.Secondaries;
import org.loomdns.secondary.TransferLimits;
import org.loomdns.server.DnsServer;
import org.loomdns.server.ServerConfig;
import org.loomdns.server.UdpIo;
import org.loomdns.stats.Drops;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.update.UpdateAccess;
import org.loomdns.update.UpdateHandler;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneHistory;
import org.loomdns.zone.ZoneLoadException;
import org.tinylog.Logger;
import org.xbill.DNS.Opcode;

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

  private static final Path SYSTEM_HOSTS = Path.of("/etc/hosts");

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
    if (args.length > 0 && args[0].equals("journal")) {
      return JournalCommand.run(List.of(args).subList(1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("lookup")) {
      return LookupCommand.run(List.of(args).subList(1, args.length), System.in, out, err);
    }
    if (args.length > 0 && args[0].equals("update")) {
      return UpdateCommand.run(List.of(args).subList(1, args.length), System.in, out, err);
    }
    ServeOptions options = new ServeOptions();
    JCommander jc = JCommander.newBuilder().programName("java -jar loomdns.jar").addObject(options).build();
    try {
      Verbosity v = Verbosity.of(args);
      jc.parse(v.rest());
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
    } catch (ConfigException e) {
      err.println("loomdns: " + e.getMessage());
      return FAILED;
    }
    Logging.configure(configured.options().verbosity);
    return serve(configured.options(), configured.config(), args, err);
  }

  private static int serve(ServeOptions options, Config configFile, String[] args, PrintStream err) {
    ServerConfig config;
    Acl transfer;
    Acl allowNotify;
    List<SecondaryConfig> secondaryZones;
    List<Cidr> recursionAllowed = new ArrayList<>();
    TsigKeys keys;
    ZoneHistory.Limits history;
    List<NotifyTarget> notifyTargets = new ArrayList<>();
    UpdateAccess updateAccess;
    ZoneSettings zoneSettings;
    try {
      keys = TsigKeys.parse(options.tsigKeys);
      config = serverConfig(options);
      DnsServer.prepare(config);
      transfer = Acl.parse(options.allowTransfer, keys, "--allow-transfer");
      secondaryZones = SecondaryConfig.parse(options.secondaries, keys);
      allowNotify = Acl.parse(options.allowNotify, keys, "--allow-notify");
      options.allowRecursion.forEach(c -> recursionAllowed.add(Cidr.parse(c)));
      history = ZoneHistory.Limits.parse(options.ixfrHistory, options.ixfrHistorySize);
      for (String n : options.notify) {
        notifyTargets.add(NotifyTarget.parse(n, keys));
      }
      zoneSettings = ZoneSettings.of(configFile, keys, options.notifyNs);
      updateAccess = Updates.access(options, keys, zoneSettings.policy());
    } catch (IllegalArgumentException e) {
      err.println("loomdns: " + ConfigFile.located(configFile, e.getMessage()));
      return USAGE;
    } catch (org.loomdns.update.PolicyLoadException | ConfigException e) {
      err.println("loomdns: " + e.getMessage());
      return FAILED;
    }
    List<ZoneCatalog.Source> sources = new ArrayList<>();
    options.bindZones.forEach(p -> sources.add(new ZoneCatalog.Source(p, ZoneFormat.BIND)));
    options.pyZones.forEach(p -> sources.add(new ZoneCatalog.Source(p, ZoneFormat.GROOVY)));
    sources.addAll(zoneSettings.sources());
    for (ZoneCatalog.Source s : sources) {
      if (!Files.isReadable(s.file())) {
        err.println("loomdns: " + s.file() + ": " + (Files.exists(s.file()) ? "cannot read it" : "no such file"));
        return USAGE;
      }
    }
    ZoneCatalog catalog = new ZoneCatalog(sources);
    Journals journals = new Journals(Journals.Limits.DEFAULT);
    ZoneSet zones;
    try {
      zones = PrimaryZones.recover(catalog, catalog.loadAll(), journals);
      zoneSettings.check(catalog, zones);
    } catch (ZoneLoadException | ConfigException e) {
      err.println("loomdns: " + e.getMessage());
      return FAILED;
    }
    for (SecondaryConfig s : secondaryZones) {
      if (zones.get(s.origin()) != null) {
        err.println("loomdns: zone " + s.origin() + " is both a --secondary and " + zones.get(s.origin()).source());
        return USAGE;
      }
    }
    Drops drops = new Drops();
    ServedZones served = new ServedZones(zones, history);
    journals.start(origin -> served.current().get(origin));
    Notifier notifier = new Notifier(notifyTargets, options.notifyNs);
    AtomicReference<ZoneSettings> perZone = new AtomicReference<>(zoneSettings);
    served.onChange(c -> perZone.get().notifierFor(c.origin(), notifier).changed(c.previous(), c.current()));
    Secondaries secondaries = new Secondaries(secondaryZones, served, options.secondaryDir, TransferLimits.DEFAULT);
    AuthorityResolver authority = new AuthorityResolver(served,
        origin -> perZone.get().transfer().getOrDefault(origin, transfer));
    Recursion recursion;
    DynamicResolver dynamic;
    try {
      recursion = Recursion.from(options, drops);
      dynamic = dynamic(options, drops);
    } catch (IllegalArgumentException e) {
      err.println("loomdns: " + ConfigFile.located(configFile, e.getMessage()));
      return USAGE;
    } catch (java.io.IOException | RuleLoadException e) {
      err.println("loomdns: " + e.getMessage());
      return FAILED;
    }
    if (recursionAllowed.isEmpty()) {
      recursionAllowed.addAll(ForClients.LOCAL_NETWORKS);
    }
    Resolver hosts;
    try {
      hosts = hosts(options, recursion, recursionAllowed);
    } catch (java.io.IOException e) {
      err.println("loomdns: " + options.hostsFile + ": cannot read it (" + e.getMessage() + ")");
      recursion.close();
      return USAGE;
    }
    ResolverChain.Builder builder = ResolverChain.builder().authority(authority).hosts(hosts)
        .cache(forClients(recursion.cache(), recursionAllowed)).dynamic(dynamic)
        .forwarder(forClients(recursion.forwarder(), recursionAllowed));
    if (!secondaries.isEmpty()) {
      builder.handler(Opcode.NOTIFY, secondaries.notifyHandler(allowNotify));
    }
    builder.handler(Opcode.UPDATE, new UpdateHandler(served, origin -> !secondaries.origins().contains(origin),
        updateAccess, journals::append, drops, UpdateHandler.DEFAULT_QUEUE));
    ResolverChain chain = builder.build();
    if (zones.isEmpty() && secondaries.isEmpty() && hosts == null && dynamic == null && recursion.forwarder() == null) {
      Logger.warn("no zones and no other stage: every query will be REFUSED");
    }
    DnsServer server = new DnsServer(config, chain, "loomdns " + Version.get(), drops, keys);
    // Copies on disk are served from the first query on; the transfers start with the listeners.
    secondaries.start();
    try {
      server.start();
    } catch (DnsServer.StartException e) {
      err.println("loomdns: " + e.getMessage());
      secondaries.close();
      recursion.close();
      return FAILED;
    }
    Reconfiguration reconfiguration = configFile == null ? null
        : new Reconfiguration(configFile, args, keys, catalog, perZone);
    Logger.info("loomdns {} serving with stages {}", Version.get(), chain.stageNames());
    Signals.awaitStop(() -> {
      if (reconfiguration == null || !reconfiguration.reload(journals, served, secondaries.origins())) {
        PrimaryZones.reload(catalog, journals, served, secondaries.origins());
      }
      if (dynamic != null) {
        Logger.info("SIGHUP: reloading rules");
        dynamic.reload();
      }
    });
    Logger.info("stopping: finishing queries in flight");
    notifier.close();
    perZone.get().close();
    server.close();
    journals.close();
    secondaries.close();
    recursion.close();
    Logger.info("stopped");
    return OK;
  }

  /** The dynamic stage, or null when no --script or --dynamic asks for one. */
  private static DynamicResolver dynamic(ServeOptions o, Drops drops) throws RuleLoadException {
    if (o.scripts.isEmpty() && o.dynamic.isEmpty()) {
      return null;
    }
    if (o.scriptTimeout < 1) {
      throw new IllegalArgumentException("--script-timeout must be at least 1 ms");
    }
    for (Path p : o.scripts) {
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException(p + ": " + (Files.exists(p) ? "cannot read it" : "no such file"));
      }
    }
    List<NetworkRule> networks = new ArrayList<>();
    for (int i = 0; i + 1 < o.dynamic.size(); i += 2) {
      networks.add(NetworkRule.parse(o.dynamic.get(i), o.dynamic.get(i + 1)));
    }
    return DynamicResolver.load(o.scripts, networks, new RuleLimits(
        java.time.Duration.ofMillis(o.scriptTimeout), RuleLimits.bytes(o.scriptMaxAlloc), o.scriptThreads), drops);
  }

  /**
   * The hosts stage: --hosts-file for every client, as a zone is; else, under --recursive (as
   * twistd's), the system hosts file for the clients that may recurse, unless --no-hosts.
   */
  private static Resolver hosts(ServeOptions o, Recursion recursion, List<Cidr> allowed) throws java.io.IOException {
    if (o.hostsFile != null) {
      return HostsResolver.of(o.hostsFile);
    }
    if (o.noHosts || recursion.forwarder() == null || !Files.isReadable(SYSTEM_HOSTS)) {
      return null;
    }
    return new ForClients(HostsResolver.of(SYSTEM_HOSTS), allowed);
  }

  private static Resolver forClients(Resolver stage, List<Cidr> allowed) {
    return stage == null ? null : new ForClients(stage, allowed);
  }

  static ServerConfig serverConfig(ServeOptions o) {
    if (o.port < 0 || o.port > 65535) {
      throw new IllegalArgumentException("--port must be 0 to 65535, not " + o.port);
    }
    if (o.tcpIdleTimeout < 1) {
      throw new IllegalArgumentException("--tcp-idle-timeout must be at least 1 second");
    }
    if (o.maxTcpConnections < 1) {
      throw new IllegalArgumentException("--max-tcp-connections must be at least 1");
    }
    if (o.rateLimit < 0 || o.rateLimitSlip < 0) {
      throw new IllegalArgumentException("--rate-limit and --rate-limit-slip must be 0 or more");
    }
    if (o.rateLimitWindow < 1 || (long) o.rateLimit * o.rateLimitWindow > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--rate-limit-window must be at least 1, and times --rate-limit below 2^31");
    }
    UdpIo udpIo = switch (o.udpIo.toLowerCase(Locale.ROOT)) {
      case "auto" -> UdpIo.AUTO;
      case "native" -> UdpIo.NATIVE;
      case "jdk" -> UdpIo.JDK;
      default -> throw new IllegalArgumentException("--udp-io takes auto, native or jdk, not " + o.udpIo);
    };
    List<InetAddress> addresses = new ArrayList<>();
    for (String i : o.interfaces) {
      addresses.add(address(i));
    }
    ServerConfig d = ServerConfig.defaults(addresses, o.port);
    return new ServerConfig(addresses, o.port, o.maxUdpPayload, d.udpReceiveBuffer(), d.maxUdpInFlight(),
        o.maxTcpConnections, d.maxTcpPipeline(), java.time.Duration.ofSeconds(o.tcpIdleTimeout),
        d.shutdownGrace(), o.verbosity > 0, o.packetCache, udpIo,
        o.rateLimit, o.rateLimitSlip, o.rateLimitWindow);
  }

  private static InetAddress address(String text) {
    String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!t.matches("[0-9a-fA-F:.%]+")) {
      throw new IllegalArgumentException("--interface takes an IP address, not " + text);
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--interface takes an IP address, not " + text);
    }
  }
}
