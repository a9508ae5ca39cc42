package org.loomdns.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.ratelimit.ResponseRateLimiter;
import org.loomdns.server.ServerConfig;

/**
 * The options of {@code java -jar loomdns.jar [options]}, named as {@code twistd dns} names them;
 * {@code --opt value} and {@code --opt=value} alike, as twistd takes them ({@link EqualsForm}).
 */
final class ServeOptions {

  @Parameter(names = "--config",
      description = "A configuration file in Groovy (docs/configuration.md); options given here override it; SIGHUP re-reads it",
      order = -1)
  Path config;

  @Parameter(names = {"-p", "--port"}, description = "Port for UDP and TCP", order = 0)
  int port = 53;

  @Parameter(names = {"-i", "--interface"},
      description = "Address to listen on (repeatable); default: every address, IPv4 and IPv6", order = 1)
  List<String> interfaces = new ArrayList<>();

  @Parameter(names = "--bindzone", description = "A BIND master file to serve (repeatable)", order = 3)
  List<Path> bindZones = new ArrayList<>();

  @Parameter(names = "--pyzone",
      description = "A zone in Groovy (.groovy), or a Twisted pyzone file in Python, any name (repeatable)", order = 4)
  List<Path> pyZones = new ArrayList<>();

  @Parameter(names = "--script",
      description = "A Groovy rule file for the dynamic stage (repeatable); see docs/rules.md", order = 5)
  List<Path> scripts = new ArrayList<>();

  @Parameter(names = "--dynamic", arity = 2,
      description = "PATTERN NETWORK: answer A queries for PATTERN<N>.<anything> with NETWORK.N, "
          + "e.g. --dynamic workstation 172.0.2 (repeatable)", order = 6)
  List<String> dynamic = new ArrayList<>();

  @Parameter(names = "--script-timeout",
      description = "Milliseconds a rule may run for one query before it is interrupted (SERVFAIL)", order = 7)
  long scriptTimeout = 100;

  @Parameter(names = "--script-max-alloc",
      description = "Bytes a rule may allocate for one query, with a unit (64m, 512k; 0: no limit), before it is stopped (SERVFAIL)",
      order = 8)
  String scriptMaxAlloc = org.loomdns.dynamic.RuleLimits.DEFAULT_ALLOCATION;

  @Parameter(names = "--script-threads",
      description = "Rule bodies that may run at once, each on a platform thread; past them a rule's query gets SERVFAIL. "
          + "0: each on its query's own thread, about twice as fast, bounded by the interrupt alone (see docs/rules.md)",
      order = 9)
  int scriptThreads = org.loomdns.dynamic.RuleLimits.DEFAULT_THREADS;

  @Parameter(names = "--allow-transfer",
      description = "Address, CIDR or key:NAME (a --tsig-key) allowed to AXFR/IXFR our zones (repeatable); default: nobody", order = 10)
  List<String> allowTransfer = new ArrayList<>();

  @Parameter(names = "--tsig-key",
      description = "[ALG:]NAME:SECRET, a TSIG key as nsupdate -y takes it (repeatable; ALG defaults to hmac-sha256, SECRET is base64)",
      order = 11)
  List<String> tsigKeys = new ArrayList<>();

  @Parameter(names = "--notify",
      description = "ADDRESS[:PORT][/key:NAME]: send NOTIFY there when a zone's serial changes (repeatable; signed with that --tsig-key)",
      order = 12)
  List<String> notify = new ArrayList<>();

  @Parameter(names = "--notify-ns",
      description = "Also NOTIFY each zone's NS hosts, at the addresses the zone gives them, except the SOA's primary",
      order = 13)
  boolean notifyNs;

  @Parameter(names = "--ixfr-history",
      description = "Changes of each zone kept for IXFR (0: none; older clients get the whole zone)", order = 14)
  int ixfrHistory = org.loomdns.zone.ZoneHistory.Limits.DEFAULT.count();

  @Parameter(names = "--ixfr-history-size",
      description = "Bytes of changes kept for IXFR per zone, with a unit (16m, 512k); the oldest go first", order = 15)
  String ixfrHistorySize = "16m";

  @Parameter(names = "--secondary",
      description = "ADDR[:PORT]/ZONE[/key:NAME]: serve ZONE as a secondary of the primary at ADDR, transferred "
          + "by AXFR/IXFR (signed with the --tsig-key NAME); repeatable, several for one zone are tried in order",
      order = 16)
  List<String> secondaries = new ArrayList<>();

  @Parameter(names = "--secondary-dir",
      description = "Directory where each secondary zone's last transfer is kept, served at the next start", order = 17)
  Path secondaryDir = Path.of(org.loomdns.secondary.Secondaries.DEFAULT_DIR);

  @Parameter(names = "--dnssec-keys",
      description = "Sign every zone we are primary for online with the BIND key files (K*.key, K*.private) in "
          + "this directory; a zone with none gets a new KSK and ZSK (ECDSA P-256) there, its DS in dsset-ZONE.; "
          + "keys of other zones sign the answers of --script rules in them", order = 17)
  Path dnssecKeys;

  @Parameter(names = "--dnssec-validity",
      description = "Seconds the signatures made online are valid (at least 30); they are made again when less "
          + "than half is left", order = 17)
  long dnssecValidity = org.loomdns.signing.SignatureLifetime.DEFAULT.validity().toSeconds();

  @Parameter(names = "--allow-notify",
      description = "Address, CIDR or key:NAME allowed to NOTIFY our secondary zones besides each "
          + "zone's primaries, who always may (repeatable)", order = 18)
  List<String> allowNotify = new ArrayList<>();

  @Parameter(names = "--allow-update",
      description = "NAME or key:NAME (a --tsig-key), or an address/CIDR (unsafe: addresses can be forged), allowed to "
          + "send dynamic updates (RFC 2136) changing anything in our primary zones (repeatable); default: nobody",
      order = 19)
  List<String> allowUpdate = new ArrayList<>();

  @Parameter(names = "--update-policy",
      description = "A Groovy file of grant/deny rules saying which key may change which names and types "
          + "(see docs/dynamic-updates-server.md)", order = 19)
  Path updatePolicy;

  @Parameter(names = "--max-udp-payload",
      description = "Largest UDP reply to an EDNS client, in bytes (512-65535)", order = 20)
  int maxUdpPayload = 1232;

  @Parameter(names = "--tcp-idle-timeout", description = "Seconds a TCP connection may sit idle", order = 21)
  int tcpIdleTimeout = 10;

  @Parameter(names = "--max-tcp-connections", description = "Open TCP connections at once", order = 22)
  int maxTcpConnections = 1000;

  @Parameter(names = "--packet-cache",
      description = "Encoded replies kept for repeated questions, our zones' answers and cache hits (0: none)",
      order = 23)
  int packetCache = ServerConfig.DEFAULT_PACKET_CACHE;

  @Parameter(names = "--udp-io",
      description = "UDP socket: native (Linux, JDK 22+: batched recvmmsg), jdk (DatagramChannel), auto (native where it can be had)",
      order = 24)
  String udpIo = "auto";

  @Parameter(names = "--rate-limit",
      description = "UDP replies a second per client network (/24, /56) and answer (0: no limit); "
          + "for a server on a public address", order = 25)
  int rateLimit = 0;

  @Parameter(names = "--rate-limit-slip",
      description = "Every this many rate-limited replies one goes out truncated, so a real client retries "
          + "over TCP (0: drop them all)", order = 26)
  int rateLimitSlip = ResponseRateLimiter.DEFAULT_SLIP;

  @Parameter(names = "--rate-limit-window",
      description = "Seconds over which a rate-limited client's excess is remembered", order = 27)
  int rateLimitWindow = ResponseRateLimiter.DEFAULT_WINDOW;

  @Parameter(names = "--hosts-file",
      description = "A hosts file to answer A, AAAA and PTR from, before the cache (re-read when it changes)", order = 38)
  Path hostsFile;

  @Parameter(names = "--no-hosts",
      description = "With --recursive, do not answer from the system hosts file (/etc/hosts)", order = 39)
  boolean noHosts;

  @Parameter(names = {"-r", "--recursive"},
      description = "Answer every other name through the upstream resolvers of --resolv-conf", order = 50)
  boolean recursive;

  @Parameter(names = "--resolv-conf",
      description = "resolv.conf to take upstreams from (re-read when it changes); implies --recursive",
      order = 51)
  Path resolvConf;

  @Parameter(names = "--forward",
      description = "Upstream resolver ADDR[:PORT] (repeatable); implies --recursive, replaces resolv.conf",
      order = 52)
  List<String> forward = new ArrayList<>();

  @Parameter(names = "--forward-policy", description = "Order of upstreams: sequential, round-robin or random",
      order = 53)
  String forwardPolicy = "sequential";

  @Parameter(names = "--forward-timeout",
      description = "Milliseconds one upstream gets before the next is tried (resolv.conf timeout: wins)",
      order = 54)
  long forwardTimeout = 1000;

  @Parameter(names = "--forward-budget",
      description = "Milliseconds one client query gets in all before it is answered SERVFAIL", order = 55)
  long forwardBudget = 3000;

  @Parameter(names = "--forward-attempts",
      description = "Rounds over the upstream list within the budget (resolv.conf attempts: wins)", order = 56)
  int forwardAttempts = 2;

  @Parameter(names = "--forward-down-after",
      description = "Failures in a row after which an upstream is marked down and probed", order = 57)
  int forwardDownAfter = 3;

  @Parameter(names = "--forward-probe-interval",
      description = "Milliseconds between probes of an upstream marked down", order = 58)
  long forwardProbeInterval = 5000;

  @Parameter(names = "--allow-recursion",
      description = "Address or CIDR whose queries the cache and forwarder serve (repeatable); "
          + "default: loopback and private networks (10/8, 172.16/12, 192.168/16, 100.64/10, "
          + "169.254/16, fc00::/7, fe80::/10)", order = 59)
  List<String> allowRecursion = new ArrayList<>();

  @Parameter(names = {"-c", "--cache"}, description = "Keep forwarded answers, positive and negative", order = 60)
  boolean cache;

  @Parameter(names = "--cache-size",
      description = "Cache bound: bytes of heap with a unit (32m, 512k); a plain number bounds entries too, within 32m",
      order = 61)
  String cacheSize = "32m";

  @Parameter(names = "--cache-min-ttl", description = "Seconds: shorter TTLs are raised to this", order = 62)
  long cacheMinTtl = 0;

  @Parameter(names = "--cache-max-ttl", description = "Seconds: longer TTLs are cut to this", order = 63)
  long cacheMaxTtl = 86400;

  @Parameter(names = "--cache-servfail-ttl", description = "Seconds a SERVFAIL is kept (0 to 30)", order = 64)
  long cacheServfailTtl = 3;

  @Parameter(names = "--no-prefetch",
      description = "Do not fetch popular entries again shortly before they expire", order = 65)
  boolean noPrefetch;

  @Parameter(names = "--no-serve-stale",
      description = "Do not answer from expired entries when every upstream fails (RFC 8767)", order = 66)
  boolean noServeStale;

  @Parameter(names = "--metrics",
      description = "ADDR:PORT to serve Prometheus metrics on (/metrics), and /health and /ready, e.g. 127.0.0.1:9153",
      order = 70)
  String metrics;

  @Parameter(names = "--query-log",
      description = "FILE to write one JSON line per query to, rotated by size; written off the query path", order = 71)
  Path queryLog;

  @Parameter(names = "--query-log-size",
      description = "Bytes, with a unit (100m, 512k), past which the query log is renamed FILE.1 and begun again",
      order = 72)
  String queryLogSize = "100m";

  @Parameter(names = "--query-log-keep", description = "Rotated query logs kept (FILE.1 to FILE.N)", order = 73)
  int queryLogKeep = 5;

  @Parameter(names = "--dnstap",
      description = "file:PATH, unix:PATH or tcp:HOST:PORT: write each query and response as dnstap (Frame Streams)",
      order = 74)
  String dnstap;

  @Parameter(names = "--log-file", description = "FILE to write the log to instead of stderr", order = 75)
  Path logFile;

  @Parameter(names = "--syslog", description = "Send the log to syslog (facility daemon) instead of stderr", order = 76)
  boolean syslog;

  @Parameter(names = "--syslog-server",
      description = "HOST:PORT of the syslog server --syslog sends to over UDP", order = 77)
  String syslogServer = "127.0.0.1:514";

  @Parameter(names = "--pidfile",
      description = "FILE to write our process ID to once the listeners are bound; removed at a clean exit", order = 78)
  Path pidfile;

  @Parameter(names = {"-v", "--verbose"},
      description = "Log one line per query; twice (-vv) also dnsjava's own debug output", order = 90)
  boolean verbose;

  /** How many times -v was given; set from {@link Verbosity}. */
  int verbosity;

  @Parameter(names = "--version", description = "Print the version and exit", order = 91)
  boolean version;

  @Parameter(names = {"-h", "--help"}, help = true, description = "Print this help and exit", order = 92)
  boolean help;
}
