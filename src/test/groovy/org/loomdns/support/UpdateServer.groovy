package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import org.xbill.DNS.Flags
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type

/**
 * A server that takes dynamic updates (RFC 2136) of one zone signed with one TSIG key: what the
 * update specs and the {@code update} command's specs send to. Each kind runs in the foreground
 * with its own config in a temporary directory, on 127.0.0.1 and a free port, and is stopped by
 * its PID. A new kind is one entry in {@link UpdateServers#KINDS}.
 */
interface UpdateServer extends AutoCloseable {

  /** The port on 127.0.0.1 it answers on, UDP and TCP. */
  int getPort()

  /** Stops it by its PID and removes its directory. */
  void close()
}

/** The kinds of {@link UpdateServer} the specs run against. */
class UpdateServers {

  /**
   * Every kind by name: a closure (origin, zone text, key as {@code alg:name:secret}) that starts
   * it and returns once it serves the zone.
   */
  static final Map<String, Closure<UpdateServer>> KINDS = [
      knot: { String origin, String zone, String key -> new KnotUpdates(origin, zone, key).started() },
      bind: { String origin, String zone, String key -> new BindUpdates(origin, zone, key).started() },
  ]

  static UpdateServer start(String kind, String origin, String zoneText, String key) {
    Closure<UpdateServer> starter = KINDS[kind]
    if (starter == null) throw new IllegalArgumentException("no update server kind ${kind}: ${KINDS.keySet()}")
    starter(origin, zoneText, key)
  }
}

/** The common part: files, process, readiness, stop. */
abstract class UpdateProcess implements UpdateServer {

  static final Duration READY_WITHIN = Duration.ofSeconds(30)

  final Path dir = Scratch.dir(getClass().simpleName.toLowerCase())
  final int port = LoomProcess.freePort()
  final Name origin
  final Path zoneFile
  final String alg
  final String keyName
  final String secret
  Process process

  UpdateProcess(String origin, String zoneText, String key) {
    this.origin = Name.fromString(origin)
    this.zoneFile = dir.resolve(origin + 'zone')
    Files.writeString(zoneFile, zoneText)
    (alg, keyName, secret) = key.split(':')
  }

  /** Writes the config; returns the command that runs the server in the foreground. */
  abstract List<String> command()

  UpdateServer started() {
    try {
      process = new ProcessBuilder(command()).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve('server.log').toFile()).start()
      long end = System.nanoTime() + READY_WITHIN.toNanos()
      while (!serving()) {
        if (!process.alive) throw new IllegalStateException("${getClass().simpleName} exited:\n${logText()}")
        if (System.nanoTime() > end) throw new IllegalStateException("${getClass().simpleName} did not serve ${origin}:\n${logText()}")
        Thread.sleep(100)
      }
    } catch (Exception e) {
      close()
      throw e
    }
    this
  }

  private boolean serving() {
    try {
      def m = Knot.send(port, origin, Type.SOA, Duration.ofMillis(300))
      m.rcode == Rcode.NOERROR && m.header.getFlag(Flags.AA)
    } catch (IOException ignored) {
      false
    }
  }

  String logText() {
    Path log = dir.resolve('server.log')
    Files.exists(log) ? Files.readString(log) : '(no log)'
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

  @Override
  String toString() { getClass().simpleName }
}

/** knotd: an acl with {@code action: update} for the key; changes kept in memory and the journal. */
class KnotUpdates extends UpdateProcess {
  KnotUpdates(String origin, String text, String key) { super(origin, text, key) }

  List<String> command() {
    Path conf = dir.resolve('knot.conf')
    Files.writeString(conf, """\
${Knot.serverSections(dir, port, 'notice')}key:
  - id: ${keyName}
    algorithm: ${alg}
    secret: ${secret}
acl:
  - id: update
    key: ${keyName}
    action: [update, transfer]
zone:
  - domain: ${origin}
    file: "${zoneFile}"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: changes
    acl: update
""")
    [Knot.knotd(), '-c', conf.toString()]
  }
}

/** named: {@code allow-update} for the key; changes kept in the zone's journal. */
class BindUpdates extends UpdateProcess {
  BindUpdates(String origin, String text, String key) { super(origin, text, key) }

  List<String> command() {
    Path conf = dir.resolve('named.conf')
    Files.writeString(conf, """\
key "${keyName}" { algorithm ${alg}; secret "${secret}"; };
options {
    directory "${dir}";
    pid-file "${dir}/named.pid";
    listen-on port ${port} { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    notify no;
    dnssec-validation no;
};
zone "${origin}" {
    type primary;
    file "${zoneFile}";
    allow-update { key "${keyName}"; };
    allow-transfer { key "${keyName}"; };
};
""")
    [PeerPrimary.binary('named'), '-g', '-c', conf.toString()]
  }
}
