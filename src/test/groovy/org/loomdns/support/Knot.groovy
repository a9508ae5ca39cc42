package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type

/**
 * Knot DNS (Debian package {@code knot}) as a reference authoritative server: its own config,
 * run directory and databases in a temporary directory, in the foreground on 127.0.0.1 and a
 * free port, stopped by its PID.
 */
class Knot implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(30)

  final Process process
  final int port
  final Path dir

  private Knot(Process process, int port, Path dir) {
    this.process = process
    this.port = port
    this.dir = dir
  }

  /** The knotd binary, or a failure that says how to get it. */
  static String knotd() {
    List<String> dirs = (System.getenv('PATH') ?: '').tokenize(File.pathSeparator) + ['/usr/sbin', '/usr/local/sbin']
    String found = dirs.collect { Path.of(it, 'knotd') }.find { Files.isExecutable(it) }?.toString()
    if (found == null) {
      throw new IllegalStateException('knotd (Knot DNS) is not installed, and the differential test '
          + 'needs it as its reference server: apt-get install knot (.ci/run installs it)')
    }
    found
  }

  /**
   * Starts knotd serving {@code zones} (origin → BIND zone file) and waits until it answers the
   * SOA of every one of them authoritatively.
   */
  static Knot start(Map<String, Path> zones) {
    Path dir = Scratch.dir('knot')
    launch(dir, '', zones.collect { origin, file -> "  - domain: ${origin}\n    file: \"${file.toAbsolutePath()}\"" }.join('\n'),
        zones.keySet())
  }

  /**
   * Starts knotd as a secondary of {@code origin}, pulling it by AXFR from the primary on
   * 127.0.0.1 and {@code primaryPort} with the TSIG key {@code alg:name:secret}; waits until it
   * serves the zone, unless {@code await} is false (a pull that is meant to fail).
   */
  static Knot secondary(String origin, int primaryPort, String alg, String keyName, String secret, boolean await = true) {
    Path dir = Scratch.dir('knot-secondary')
    String keys = """\
key:
  - id: ${keyName}
    algorithm: ${alg}
    secret: ${secret}
remote:
  - id: primary
    address: 127.0.0.1@${primaryPort}
    key: ${keyName}
"""
    String zone = "  - domain: ${origin}\n    master: primary\n    file: \"${dir}/secondary.zone\""
    launch(dir, keys, zone, await ? [origin] : [])
  }

  /**
   * The first sections of a knot.conf: one worker of each kind on 127.0.0.1@{@code port}, its run
   * directory, control socket and databases in {@code dir}, its log on stderr at {@code level}.
   */
  static String serverSections(Path dir, int port, String level) {
    """\
server:
    rundir: "${dir}"
    listen: 127.0.0.1@${port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
control:
    listen: "${dir}/knot.sock"
database:
    storage: "${dir}"
log:
  - target: stderr
    any: ${level}
"""
  }

  /** knotd with {@code sections} (keys, remotes) and {@code zones} in its config, once it serves {@code origins}. */
  private static Knot launch(Path dir, String sections, String zones, Collection<String> origins) {
    String binary = knotd()
    int port = freePort()
    Path conf = dir.resolve('knot.conf')
    Files.writeString(conf, """\
${serverSections(dir, port, 'notice')}template:
  - id: default
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
${sections}zone:
${zones}
""")
    Path log = dir.resolve('knotd.log')
    Process p = new ProcessBuilder(binary, '-c', conf.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start()
    Knot knot = new Knot(p, port, dir)
    try {
      knot.awaitZones(origins)
    } catch (Exception e) {
      knot.close()
      throw e
    }
    knot
  }

  /** Starts knotd serving BIND zone texts, each of which names its origin with $ORIGIN. */
  static Knot startTexts(List<String> zoneTexts) {
    Path dir = Scratch.dir('knot-zones')
    Map<String, Path> zones = [:]
    zoneTexts.each { text ->
      String origin = (text =~ '(?m)^[$]ORIGIN\\s+(\\S+)')[0][1]
      Path file = dir.resolve(origin + 'zone')
      Files.writeString(file, text)
      zones[origin] = file
    }
    start(zones)
  }

  private void awaitZones(Collection<String> origins) {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos()
    Set<String> waiting = new HashSet<>(origins)
    while (!waiting.isEmpty()) {
      if (!process.alive) {
        throw new IllegalStateException("knotd exited with ${process.exitValue()}:\n${logText()}")
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("knotd did not serve ${waiting} within ${READY_WITHIN}:\n${logText()}")
      }
      waiting.removeIf { origin ->
        try {
          Message m = query(Name.fromString(origin), Type.SOA, Duration.ofMillis(300))
          m.rcode == Rcode.NOERROR && m.header.getFlag(Flags.AA)
        } catch (IOException ignored) {
          false
        }
      }
      if (!waiting.isEmpty()) {
        Thread.sleep(100)
      }
    }
  }

  /** Waits (bounded) until knotd's log holds {@code text}; false when it did not in time. */
  boolean awaitLog(String text, Duration within = READY_WITHIN) {
    long deadline = System.nanoTime() + within.toNanos()
    while (!logText().contains(text)) {
      if (System.nanoTime() > deadline || !process.alive) {
        return logText().contains(text)
      }
      Thread.sleep(100)
    }
    true
  }

  String logText() {
    Path log = dir.resolve('knotd.log')
    Files.exists(log) ? Files.readString(log) : '(no log)'
  }

  /** One UDP query with EDNS (1232 bytes) and RD clear; a truncated reply is returned as it came. */
  Message query(Name name, int type, Duration timeout = Duration.ofSeconds(3)) {
    send(port, name, type, timeout)
  }

  /** The same query to any server on 127.0.0.1. */
  static Message send(int port, Name name, int type, Duration timeout = Duration.ofSeconds(3)) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.timeout = timeout
    r.ignoreTruncation = true
    r.setEDNS(0, 1232, 0, [])
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN))
    q.header.unsetFlag(Flags.RD)
    r.send(q)
  }

  private static int freePort() {
    // Knot takes UDP and TCP on one port: find one free for both.
    for (int attempt = 0; attempt < 20; attempt++) {
      def tcp = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1'))
      int port = tcp.localPort
      try {
        new DatagramSocket(port, InetAddress.getByName('127.0.0.1')).close()
        return port
      } catch (SocketException ignored) {
        // taken for UDP; try another
      } finally {
        tcp.close()
      }
    }
    throw new IllegalStateException('no free port on 127.0.0.1 for knotd')
  }

  /** Stops knotd by its PID (SIGTERM, then SIGKILL) and removes its directory. */
  @Override
  void close() {
    process.destroy()
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly()
      process.waitFor(5, TimeUnit.SECONDS)
    }
    dir.toFile().deleteDir()
  }
}
