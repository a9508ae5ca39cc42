package org.loomdns.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.loomdns.acl.Acl;
import org.loomdns.authority.AuthorityResolver;
import org.loomdns.chain.ForClients;
import org.loomdns.chain.Resolver;
import org.loomdns.chain.ResolverChain;
import org.loomdns.config.Config;
import org.loomdns.config.ConfigException;
import org.loomdns.dynamic.DynamicResolver;
import org.loomdns.dynamic.NetworkRule;
import org.loomdns.dynamic.RuleLimits;
import org.loomdns.dynamic.RuleLoadException;
import org.loomdns.hosts.HostsResolver;
import org.loomdns.net.Cidr;
import org.loomdns.notify.Notifier;
import org.loomdns.notify.NotifyTarget;
import org.loomdns.secondary.SecondaryConfig;
import org.loomdns.server.DnsServer;
import org.loomdns.server.ServerConfig;
import org.loomdns.stats.Drops;
import org.loomdns.transferwire.TransferWire;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.update.PolicyLoadException;
import org.loomdns.update.UpdateAccess;
import org.loomdns.update.UpdateHandler;
import org.loomdns.zone.Zone;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneHistory;
import org.tinylog.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;

/**
 * One loomdns as the command line's options describe it: the zones, stages, chain and server
 * wired together, started and stopped as a whole. The command line serves with it until a
 * signal; the test kit and {@code diff} start it in-process on a loopback port.
 */
public final class Serving implements AutoCloseable {

  private static final Path SYSTEM_HOSTS = Path.of("/etc/hosts");

  /** Why the options could not be served, with the exit code the command line gives for it. */
  public static final class SetupException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;

    SetupException(String message, int code) {
      super(message);
      this.code = code;
    }

    /** 2 for a wrong option or a missing file, 1 for a file with a mistake or a port that cannot be had. */
    public int code() {
      return code;
    }
  }

  private final List<ZoneView> views;
  private final Notifier notifier;
  private final Recursion recursion;
  private final DynamicResolver dynamic;
  private final ResolverChain chain;
  private final DnsServer server;
  private final Signing signing;
  private final Operations ops;
  private final AtomicBoolean listening;
  private final Reconfiguration reconfiguration;
  /** Makes the transfer bytes of the zones some client may transfer before the first asks. */
  private final TransferPreparer transferPreparer;

  private Serving(List<ZoneView> views, Notifier notifier, Recursion recursion,
      DynamicResolver dynamic, ResolverChain chain, DnsServer server, Signing signing, Operations ops,
      AtomicBoolean listening, Reconfiguration reconfiguration, TransferPreparer transferPreparer) {
    this.views = views;
    this.notifier = notifier;
    this.recursion = recursion;
    this.dynamic = dynamic;
    this.chain = chain;
    this.server = server;
    this.signing = signing;
    this.ops = ops;
    this.listening = listening;
    this.reconfiguration = reconfiguration;
    this.transferPreparer = transferPreparer;
  }

  /**
   * Starts a loomdns with these command-line options on 127.0.0.1 and a port the system picks
   * (any --port or --interface given is overridden).
   */
  public static Serving onLoopback(List<String> args) throws SetupException {
    ServeOptions given = new ServeOptions();
    String[] argv = args.toArray(String[]::new);
    ConfigFile.Configured configured;
    try {
      Verbosity v = Verbosity.of(argv);
      JCommander.newBuilder().addObject(given).build().parse(EqualsForm.split(v.rest()));
      given.verbosity = v.level();
      configured = ConfigFile.read(given, argv);
    } catch (ParameterException e) {
      throw new SetupException(OptionErrors.plain(e.getMessage()), Main.USAGE);
    } catch (ConfigException e) {
      throw new SetupException(e.getMessage(), Main.FAILED);
    }
    ServeOptions options = configured.options();
    options.port = 0;
    options.interfaces = new ArrayList<>(List.of(InetAddress.getLoopbackAddress().getHostAddress()));
    return build(options, configured.config(), argv).start();
  }

  /** The option that serves this zone file: --bindzone, or --pyzone for Groovy and Python, as {@code check} tells them. */
  public static String zoneOption(Path file) {
    return CheckCommand.formatOf(file) == ZoneFormat.BIND ? "--bindzone" : "--pyzone";
  }

  /**
   * Loads everything the options name; nothing listens until {@link #start}. {@code configFile}
   * (null without --config) adds its zone blocks, and is read again at each reload with {@code args}.
   */
  static Serving build(ServeOptions options, Config configFile, String[] args) throws SetupException {
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
      config = ServerConfigs.of(options);
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
      throw new SetupException(ConfigFile.located(configFile, e.getMessage()), Main.USAGE);
    } catch (PolicyLoadException | ConfigException e) {
      throw new SetupException(e.getMessage(), Main.FAILED);
    }
    Drops drops = new Drops();
    try (Opened opened = new Opened()) {
      List<ZoneView.Pending> pending;
      if (configFile != null && !configFile.views().isEmpty()) {
        pending = ZoneView.load(configFile.views(), options, keys);
      } else {
        pending = List.of(new ZoneView.Pending("", null,
            ZoneView.load(ZoneView.sources(options, true, zoneSettings), zoneSettings), zoneSettings, updateAccess,
            secondaryZones));
      }
      Signed signed = serve(pending, options, history, opened);
      List<ZoneView> views = signed.views();
      Signing signing = signed.signing();
      BiFunction<ZoneView, Name, Acl> transfers = (v, origin) -> v.perZone().get().transfer().getOrDefault(origin,
          transfer);
      // Begun now, while the rest is set up, as the first secondary may ask as soon as the listeners
      // start; watching before the notifier, so a new version is being made before its NOTIFY goes.
      TransferPreparer preparer = opened.add(new TransferPreparer(new TransferWire(TransferWire.DEFAULT_BOUND),
          (v, origin) -> !transfers.apply(v, origin).isEmpty()));
      views.forEach(preparer::watch);
      views.forEach(preparer::prepareServed);
      Notifier notifier = opened.add(new Notifier(notifyTargets, options.notifyNs));
      for (ZoneView v : views) {
        v.journals().start(origin -> v.served().current().get(origin));
        v.served().onChange(c -> v.perZone().get().notifierFor(c.origin(), notifier).changed(c.previous(), c.current()));
      }
      Resolver authority = ZoneView.stage("authority", views, v -> new AuthorityResolver(v.served(),
          origin -> transfers.apply(v, origin)));
      Recursion recursion;
      DynamicResolver dynamic;
      try {
        recursion = opened.add(Recursion.from(options, drops));
        dynamic = dynamic(options, drops);
      } catch (IllegalArgumentException e) {
        throw new SetupException(ConfigFile.located(configFile, e.getMessage()), Main.USAGE);
      } catch (IOException | RuleLoadException e) {
        throw new SetupException(e.getMessage(), Main.FAILED);
      }
      if (recursionAllowed.isEmpty()) {
        recursionAllowed.addAll(ForClients.LOCAL_NETWORKS);
      }
      Resolver hosts;
      try {
        hosts = hosts(options, recursion, recursionAllowed);
      } catch (IOException e) {
        throw new SetupException(options.hostsFile + ": cannot read it (" + e.getMessage() + ")", Main.USAGE);
      }
      ResolverChain.Builder builder = ResolverChain.builder().authority(authority).hosts(hosts)
          .cache(forClients(recursion.cache(), recursionAllowed)).dynamic(signing.rules(dynamic))
          .forwarder(forClients(recursion.forwarder(), recursionAllowed));
      if (views.stream().anyMatch(v -> !v.secondaries().isEmpty())) {
        builder.handler(Opcode.NOTIFY, ZoneView.stage("notify", views, v -> v.secondaries().notifyHandler(allowNotify)));
      }
      builder.handler(Opcode.UPDATE, ZoneView.stage("update", views, v -> new UpdateHandler(v.served(),
          origin -> !v.secondaries().origins().contains(origin), v.updates(), v.journals()::append, drops,
          UpdateHandler.DEFAULT_QUEUE)));
      ResolverChain chain = builder.build();
      if (views.stream().allMatch(v -> v.served().current().isEmpty() && v.secondaries().isEmpty()) && hosts == null
          && dynamic == null && recursion.forwarder() == null) {
        Logger.warn("no zones and no other stage: every query will be REFUSED");
      }
      Operations ops;
      try {
        ops = opened.add(Operations.from(options, drops, "loomdns " + Version.get()));
      } catch (IllegalArgumentException e) {
        throw new SetupException(e.getMessage(), Main.USAGE);
      }
      DnsServer server = new DnsServer(config, chain, "loomdns " + Version.get(), drops, keys, ops.observer(),
          preparer.wire());
      AtomicBoolean listening = new AtomicBoolean();
      try {
        ops.startMetrics(Operations.sources(drops, server, recursion, views, listening));
      } catch (IOException e) {
        throw new SetupException(e.getMessage(), Main.FAILED);
      }
      Reconfiguration reconfiguration = configFile == null ? null
          : new Reconfiguration(configFile, args, keys, views);
      opened.keep();
      return new Serving(views, notifier, recursion, dynamic, chain, server, signing, ops, listening,
          reconfiguration, preparer);
    }
  }

  /** The views served, and what signs them (nothing without --dnssec-keys). */
  private record Signed(List<ZoneView> views, Signing signing) {}

  /**
   * The loaded views signed with --dnssec-keys (the keys of a zone two views serve are one set)
   * and served, the signer started on them; what opens goes into {@code opened}.
   */
  private static Signed serve(List<ZoneView.Pending> pending, ServeOptions options, ZoneHistory.Limits history,
      Opened opened) throws SetupException {
    Signing signing;
    boolean served = false;
    try {
      for (ZoneView.Pending p : pending) {
        for (SecondaryConfig s : p.secondaryZones()) {
          Zone z = p.loaded().zones().get(s.origin());
          if (z != null) {
            throw new SetupException("zone " + s.origin() + " is both a --secondary and " + z.source(), Main.USAGE);
          }
        }
      }
      signing = Signing.open(options, pending.stream().flatMap(p -> p.loaded().zones().zones().stream())
          .map(Zone::origin).toList());
      served = true;
    } catch (IOException e) {
      throw new SetupException("--dnssec-keys: " + e.getMessage(), Main.FAILED);
    } catch (IllegalArgumentException e) {
      throw new SetupException(e.getMessage(), Main.USAGE);
    } finally {
      if (!served) {
        pending.forEach(ZoneView.Pending::close);
      }
    }
    opened.add(signing::close);
    List<ZoneView> views = new ArrayList<>();
    opened.add(() -> views.forEach(ZoneView::close));
    for (ZoneView.Pending p : pending) {
      views.add(p.serve(signing.signAll(p.loaded().zones()), history, options.secondaryDir));
    }
    signing.start(views);
    return new Signed(List.copyOf(views), signing);
  }

  /** Starts the secondaries' transfers and the listeners. */
  Serving start() throws SetupException {
    // Copies on disk are served from the first query on; the transfers start with the listeners.
    views.forEach(v -> v.secondaries().start());
    try {
      server.start();
      ops.listening();
    } catch (DnsServer.StartException | IOException e) {
      close();
      throw new SetupException(e.getMessage(), Main.FAILED);
    }
    listening.set(true);
    return this;
  }

  /** The line that says the server is up; SIGHUP is handled by the time it is written. */
  void announce() {
    Logger.info("loomdns {} serving with stages {}", Version.get(), chain.stageNames());
  }

  /** The kept transfer bytes, for tests. */
  TransferWire transferWire() {
    return transferPreparer.wire();
  }

  /** Whether no zone's transfer bytes are being prepared or waiting to be, for tests. */
  boolean transfersIdle() {
    return transferPreparer.idle();
  }

  /** How many zone versions' transfer bytes have begun to be made, for tests. */
  long transfersBegun() {
    return transferPreparer.begun();
  }

  /** The version of {@code origin} the first view serves now, or null; for tests. */
  Zone served(Name origin) {
    return views.get(0).served().current().get(origin);
  }

  /** The port the listeners are bound to. */
  public int port() {
    return server.port();
  }

  /** What SIGHUP does: re-reads the configuration file, every zone file and the rules. */
  public void reload() {
    if (reconfiguration == null || !reconfiguration.reload()) {
      views.forEach(v -> PrimaryZones.reload(v.catalog(), v.journals(), v.served(), v.secondaries().origins()));
    }
    if (dynamic != null) {
      Logger.info("SIGHUP: reloading rules");
      dynamic.reload();
    }
  }

  /** Stops accepting, lets queries in flight finish, and closes every stage. */
  @Override
  public void close() {
    transferPreparer.close();
    notifier.close();
    signing.close();
    server.close();
    ops.close();
    views.forEach(ZoneView::close);
    recursion.close();
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
  private static Resolver hosts(ServeOptions o, Recursion recursion, List<Cidr> allowed) throws IOException {
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
}
