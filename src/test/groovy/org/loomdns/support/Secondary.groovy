package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type

/**
 * A real secondary (knotd, nsd or named) for zones loomdns serves: its own config and files in
 * a temporary directory, on 127.0.0.1 and a free port, transferring from loomdns and accepting
 * its NOTIFY, in the foreground, stopped by its PID. Knot and BIND let 127.0.0.1 transfer the
 * zones out of them, so a spec can check the copy they hold.
 */
class Secondary implements AutoCloseable {

  final String kind
  final Process process
  final int port
  final Path dir
  final Path log

  private Secondary(String kind, Process process, int port, Path dir, Path log) {
    this.kind = kind
    this.process = process
    this.port = port
    this.dir = dir
    this.log = log
  }

  /** Starts {@code kind} ('knot', 'nsd' or 'bind') on {@code port}, secondary for {@code origins} from loomdns at {@code primaryPort}. */
  static Secondary start(String kind, int port, int primaryPort, List<String> origins) {
    Path dir = Scratch.dir(kind + '-secondary')
    Path log = dir.resolve(kind + '.log')
    List<String> command
    switch (kind) {
      case 'knot':
        Files.writeString(dir.resolve('knot.conf'), knotConf(dir, port, primaryPort, origins))
        command = [Knot.knotd(), '-c', dir.resolve('knot.conf').toString()]
        break
      case 'nsd':
        Files.writeString(dir.resolve('nsd.conf'), nsdConf(dir, port, primaryPort, origins))
        command = ['nsd', '-d', '-c', dir.resolve('nsd.conf').toString()]
        break
      case 'bind':
        Files.writeString(dir.resolve('named.conf'), namedConf(dir, port, primaryPort, origins))
        command = ['named', '-g', '-c', dir.resolve('named.conf').toString()]
        break
      default:
        throw new IllegalArgumentException(kind)
    }
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start()
    new Secondary(kind, p, port, dir, log)
  }

  static String knotConf(Path dir, int port, int primaryPort, List<String> origins) {
    """\
${Knot.serverSections(dir, port, 'info')}remote:
  - id: loomdns
    address: 127.0.0.1@${primaryPort}
acl:
  - id: notify-from-loomdns
    address: 127.0.0.1
    action: notify
  - id: transfer-to-specs
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    master: loomdns
    acl: [notify-from-loomdns, transfer-to-specs]
    zonefile-sync: -1
    zonefile-load: none
    journal-content: none
zone:
${origins.collect { "  - domain: ${it}" }.join('\n')}
"""
  }

  static String nsdConf(Path dir, int port, int primaryPort, List<String> origins) {
    """\
server:
    ip-address: 127.0.0.1@${port}
    port: ${port}
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "${dir}"
    database: ""
    zonelistfile: "${dir}/zone.list"
    xfrdfile: "${dir}/xfrd.state"
    xfrdir: "${dir}"
    pidfile: "${dir}/nsd.pid"
    verbosity: 2
remote-control:
    control-enable: no
${origins.collect { """zone:
    name: ${it}
    zonefile: "${it}zone"
    allow-notify: 127.0.0.1 NOKEY
    request-xfr: 127.0.0.1@${primaryPort} NOKEY
""" }.join('')}"""
  }

  static String namedConf(Path dir, int port, int primaryPort, List<String> origins) {
    """\
options {
    directory "${dir}";
    pid-file "${dir}/named.pid";
    session-keyfile "${dir}/session.key";
    managed-keys-directory "${dir}";
    listen-on port ${port} { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    notify no;
    dnssec-validation no;
};
controls { };
${origins.collect { """zone "${it}" {
    type secondary;
    primaries { 127.0.0.1 port ${primaryPort}; };
    file "${it}bk";
    allow-notify { 127.0.0.1; };
    allow-transfer { 127.0.0.1; };
};
""" }.join('')}"""
  }

  /** The serial this secondary answers for {@code origin} authoritatively, or null. */
  Long serial(String origin) {
    try {
      Message m = Knot.send(port, Name.fromString(origin), Type.SOA, Duration.ofMillis(500))
      m.rcode == Rcode.NOERROR && m.header.getFlag(Flags.AA) ? m.getSection(1)[0].serial as Long : null
    } catch (IOException ignored) {
      null
    }
  }

  /** Waits (bounded) until it serves {@code origin} at serial {@code wanted}; false when it did not in time. */
  boolean awaitSerial(String origin, long wanted, Duration within = Duration.ofSeconds(30)) {
    long end = System.nanoTime() + within.toNanos()
    while (System.nanoTime() < end) {
      if (!process.alive) {
        return false
      }
      if (serial(origin) == wanted) {
        return true
      }
      Thread.sleep(50)
    }
    false
  }

  String logText() {
    Files.exists(log) ? Files.readString(log) : '(no log)'
  }

  /** Stops it by its PID (SIGTERM, then SIGKILL) and removes its directory. */
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
