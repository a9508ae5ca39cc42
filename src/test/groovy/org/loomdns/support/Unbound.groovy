package org.loomdns.support

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type

/**
 * Unbound (Debian package {@code unbound}) as a validating resolver in front of a server on
 * 127.0.0.1: every zone given is a stub zone pointing there, with one trust anchor; so is the
 * root, so that nothing Unbound asks ever leaves this machine. Its own config
 * in a temporary directory, in the foreground (-d), no chroot, no user change, on a free port;
 * stopped by its PID.
 */
class Unbound implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(30)

  final Process process
  final int port
  final Path dir

  private Unbound(Process process, int port, Path dir) {
    this.process = process
    this.port = port
    this.dir = dir
  }

  /** Unbound validating with the DNSKEY in {@code anchorKey}, asking 127.0.0.1:{@code serverPort} for {@code zones}. */
  static Unbound validating(Path anchorKey, int serverPort, List<String> zones) {
    String binary = ['/usr/sbin/unbound', '/usr/local/sbin/unbound'].find { Files.isExecutable(Path.of(it)) }
    if (binary == null) {
      throw new IllegalStateException('unbound is not installed, and the DNSSEC specs need it as a validating '
          + 'resolver: apt-get install unbound (.ci/run installs it)')
    }
    Path dir = Scratch.dir('unbound')
    int port = freePort()
    Path conf = dir.resolve('unbound.conf')
    Files.writeString(conf, """\
server:
    interface: 127.0.0.1
    port: ${port}
    do-ip6: no
    username: ""
    chroot: ""
    directory: "${dir}"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 1
    val-log-level: 2
    do-not-query-localhost: no
    qname-minimisation: no
    module-config: "validator iterator"
    trust-anchor-file: "${anchorKey}"
    access-control: 127.0.0.0/8 allow
    # Unbound answers the names of RFC 6761 (test., invalid., ...) itself unless told not to.
    local-zone: "test." nodefault
    local-zone: "invalid." nodefault
${(['.'] + zones).collect { "stub-zone:\n    name: \"${it}\"\n    stub-addr: 127.0.0.1@${serverPort}\n" }.join('')}""")
    Process p = new ProcessBuilder(binary, '-d', '-c', conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve('unbound.log').toFile()).start()
    Unbound unbound = new Unbound(p, port, dir)
    try {
      unbound.awaitReady(Name.fromString(zones[0]))
    } catch (Exception e) {
      unbound.close()
      throw e
    }
    unbound
  }

  private void awaitReady(Name zone) {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos()
    while (true) {
      if (!process.alive) {
        throw new IllegalStateException("unbound exited with ${process.exitValue()}:\n${logText()}")
      }
      try {
        query(zone, Type.SOA, Duration.ofMillis(300))
        return
      } catch (IOException ignored) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("unbound did not answer within ${READY_WITHIN}:\n${logText()}")
        }
        Thread.sleep(100)
      }
    }
  }

  String logText() {
    Path log = dir.resolve('unbound.log')
    Files.exists(log) ? Files.readString(log) : '(no log)'
  }

  /** A recursive query with EDNS and DO, as a stub that wants the AD bit sends it. */
  Message query(Name name, int type, Duration timeout = Duration.ofSeconds(5)) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.timeout = timeout
    r.setEDNS(0, 1232, ExtendedFlags.DO, [])
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN))
    q.header.setFlag(Flags.AD)
    r.send(q)
  }

  private static int freePort() {
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
    throw new IllegalStateException('no free port on 127.0.0.1 for unbound')
  }

  /** Stops unbound by its PID and removes its directory. */
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
