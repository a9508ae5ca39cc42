package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import org.xbill.DNS.Flags
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Section
import org.xbill.DNS.Type

/**
 * A real primary for loomdns to be secondary of: Knot ({@code knotd}), NSD or BIND ({@code named}),
 * each in the foreground with its own config in a temporary directory, on 127.0.0.1 and a free
 * port, allowing transfers to 127.0.0.1 (signed with a TSIG key when given), keeping IXFR
 * differences of zone file changes, and notifying loomdns at {@code notifyPort}. {@link #change}
 * writes a new zone file and has the server reload it, which sends the NOTIFY. Stopped by its PID.
 */
abstract class PeerPrimary implements AutoCloseable {

  static final Duration READY_WITHIN = Duration.ofSeconds(30)

  final Path dir = Scratch.dir(getClass().simpleName.toLowerCase())
  final int port = LoomProcess.freePort()
  final Name origin
  final Path zoneFile
  Process process

  PeerPrimary(String origin, String zoneText) {
    this.origin = Name.fromString(origin)
    this.zoneFile = dir.resolve(origin + 'zone')
    Files.writeString(zoneFile, zoneText)
  }

  /** {@code kind} is knot, nsd or bind; {@code key} is NAME:BASE64 (hmac-sha256) or null. */
  static PeerPrimary start(String kind, String origin, String zoneText, int notifyPort, String key = null) {
    PeerPrimary p = switch (kind) {
      case 'knot' -> new KnotPrimary(origin, zoneText)
      case 'nsd' -> new NsdPrimary(origin, zoneText)
      case 'bind' -> new BindPrimary(origin, zoneText)
      default -> throw new IllegalArgumentException(kind)
    }
    try {
      p.process = new ProcessBuilder(p.command(notifyPort, key)).directory(p.dir.toFile())
          .redirectErrorStream(true).redirectOutput(p.dir.resolve('server.log').toFile()).start()
      p.awaitSerial(p.serialOf(zoneText))
    } catch (Exception e) {
      p.close()
      throw e
    }
    p
  }

  /** The command that runs the server in the foreground, after writing its config. */
  abstract List<String> command(int notifyPort, String key)

  /** Has the running server load the zone file again. */
  abstract void reload()

  /** Serves {@code zoneText} from now on (a higher serial) and notifies loomdns. */
  void change(String zoneText) {
    Files.writeString(zoneFile, zoneText)
    // A second in the past would make a same-second rewrite look unchanged to NSD and BIND.
    zoneFile.toFile().setLastModified(System.currentTimeMillis() + 2000)
    reload()
    awaitSerial(serialOf(zoneText))
  }

  static long serialOf(String zoneText) {
    (zoneText =~ /SOA\s+\S+\s+\S+\s+(\d+)/)[0][1] as long
  }

  long serial() {
    def m = Knot.send(port, origin, Type.SOA, Duration.ofMillis(500))
    if (m.rcode != Rcode.NOERROR || !m.header.getFlag(Flags.AA)) return -1
    (m.getSection(Section.ANSWER).find { it instanceof SOARecord } as SOARecord)?.serial ?: -1
  }

  void awaitSerial(long wanted) {
    long end = System.nanoTime() + READY_WITHIN.toNanos()
    while (System.nanoTime() < end) {
      if (!process.alive) throw new IllegalStateException("${kind()} exited:\n${logText()}")
      try {
        if (serial() == wanted) return
      } catch (IOException ignored) {
      }
      Thread.sleep(100)
    }
    throw new IllegalStateException("${kind()} did not serve serial ${wanted} within ${READY_WITHIN}:\n${logText()}")
  }

  String kind() { getClass().simpleName }

  String logText() {
    Path log = dir.resolve('server.log')
    Files.exists(log) ? Files.readString(log) : '(no log)'
  }

  /** Runs a control command (bounded); fails with its output when it fails. */
  void control(List<String> cmd) {
    def p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start()
    String out = p.inputStream.text
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly()
      throw new IllegalStateException("${cmd} failed: ${out}\n${logText()}")
    }
  }

  static String binary(String name) {
    List<String> dirs = (System.getenv('PATH') ?: '').tokenize(File.pathSeparator) + ['/usr/sbin', '/usr/local/sbin']
    String found = dirs.collect { Path.of(it, name) }.find { Files.isExecutable(it) }?.toString()
    if (found == null) throw new IllegalStateException("${name} is not installed (.ci/run installs it)")
    found
  }

  @Override
  void close() {
    if (process != null) {
      process.destroy()
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly()
        process.waitFor(5, TimeUnit.SECONDS)
      }
    }
    dir.toFile().deleteDir()
  }
}

/** Knot: zone file differences go to the journal (IXFR); knotc zone-reload sends the NOTIFY. */
class KnotPrimary extends PeerPrimary {
  KnotPrimary(String origin, String text) { super(origin, text) }

  List<String> command(int notifyPort, String key) {
    String keyName = key?.split(':')?.getAt(0)
    Path conf = dir.resolve('knot.conf')
    Files.writeString(conf, """\
${Knot.serverSections(dir, port, 'info')}${key ? "key:\n  - id: ${keyName}\n    algorithm: hmac-sha256\n    secret: ${key.split(':')[1]}\n" : ''}
remote:
  - id: loom
    address: 127.0.0.1@${notifyPort}
${key ? "    key: ${keyName}\n" : ''}
acl:
  - id: transfer
    address: 127.0.0.0/8
    action: transfer
${key ? "    key: ${keyName}\n" : ''}
zone:
  - domain: ${origin}
    file: "${zoneFile}"
    zonefile-sync: -1
    zonefile-load: difference
    journal-content: changes
    notify: loom
    acl: transfer
""")
    [binary('knotd'), '-c', conf.toString()]
  }

  void reload() {
    control([binary('knotc'), '-s', "${dir}/knot.sock".toString(), 'zone-reload', origin.toString()])
  }
}

/** NSD: create-ixfr keeps zone file differences (IXFR); nsd-control reload sends the NOTIFY. */
class NsdPrimary extends PeerPrimary {
  NsdPrimary(String origin, String text) { super(origin, text) }

  List<String> command(int notifyPort, String key) {
    String keyName = key?.split(':')?.getAt(0) ?: 'NOKEY'
    Path conf = dir.resolve('nsd.conf')
    Files.writeString(conf, """\
server:
    ip-address: 127.0.0.1
    port: ${port}
    username: ""
    chroot: ""
    zonesdir: "${dir}"
    pidfile: "${dir}/nsd.pid"
    database: ""
    xfrdfile: "${dir}/xfrd.state"
    xfrdir: "${dir}"
    zonelistfile: "${dir}/zone.list"
    server-count: 1
    verbosity: 2
remote-control:
    control-enable: yes
    control-interface: "${dir}/nsd.ctl"
${key ? "key:\n    name: ${keyName}\n    algorithm: hmac-sha256\n    secret: \"${key.split(':')[1]}\"\n" : ''}
zone:
    name: ${origin}
    zonefile: "${zoneFile}"
    store-ixfr: yes
    create-ixfr: yes
    notify: 127.0.0.1@${notifyPort} ${keyName}
    provide-xfr: 127.0.0.0/8 ${keyName}
""")
    [binary('nsd'), '-d', '-c', conf.toString()]
  }

  void reload() {
    control([binary('nsd-control'), '-c', dir.resolve('nsd.conf').toString(), 'reload', origin.toString(false)])
  }
}

/** BIND: ixfr-from-differences keeps zone file differences (IXFR); rndc reload sends the NOTIFY. */
class BindPrimary extends PeerPrimary {
  final int controlPort = LoomProcess.freePort()
  static final String RNDC_SECRET = Base64.encoder.encodeToString(('rndc-secret-' * 3).bytes)

  BindPrimary(String origin, String text) { super(origin, text) }

  List<String> command(int notifyPort, String key) {
    String keyName = key?.split(':')?.getAt(0)
    Files.writeString(dir.resolve('rndc.conf'), """\
key "rndc-key" { algorithm hmac-sha256; secret "${RNDC_SECRET}"; };
options { default-key "rndc-key"; default-server 127.0.0.1; default-port ${controlPort}; };
""")
    Path conf = dir.resolve('named.conf')
    Files.writeString(conf, """\
key "rndc-key" { algorithm hmac-sha256; secret "${RNDC_SECRET}"; };
${key ? "key \"${keyName}\" { algorithm hmac-sha256; secret \"${key.split(':')[1]}\"; };" : ''}
controls { inet 127.0.0.1 port ${controlPort} allow { 127.0.0.1; } keys { "rndc-key"; }; };
options {
    directory "${dir}";
    pid-file "${dir}/named.pid";
    listen-on port ${port} { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    notify explicit;
    also-notify { 127.0.0.1 port ${notifyPort}${key ? " key \"${keyName}\"" : ''}; };
    ixfr-from-differences yes;
    allow-transfer { ${key ? "key \"${keyName}\";" : '127.0.0.0/8;'} };
    dnssec-validation no;
};
zone "${origin}" { type primary; file "${zoneFile}"; };
""")
    [binary('named'), '-g', '-c', conf.toString()]
  }

  void reload() {
    control([binary('rndc'), '-c', dir.resolve('rndc.conf').toString(), 'reload', origin.toString(false)])
  }
}
