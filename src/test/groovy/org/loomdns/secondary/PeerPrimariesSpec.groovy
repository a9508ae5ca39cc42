package org.loomdns.secondary

import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.PeerPrimary
import org.loomdns.support.Scratch
import spock.lang.Requires
import spock.lang.Specification

/**
 * loomdns as the secondary of real primaries, Knot, NSD and BIND: the first AXFR, a change that
 * arrives by NOTIFY and IXFR, a restart that serves from disk while the primary is down, TSIG.
 * A large zone's transfer is logged with its time; the spec prints it for each peer.
 */
@Requires({ Dig.available() })
class PeerPrimariesSpec extends Specification {

  static final String KEY = 'xfr-key:' + Base64.encoder.encodeToString(('peer-secret-' * 3).bytes)

  static String zone(long serial, String www, int hosts) {
    StringBuilder sb = new StringBuilder("""\$ORIGIN sec.example.
\$TTL 300
@    SOA ns1 hostmaster ${serial} 3600 600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   ${www}
""")
    for (int i = 1; i <= hosts; i++) {
      sb.append("h").append(i).append(" A 10.").append(i >> 16).append('.').append((i >> 8) & 255).append('.').append(i & 255).append('\n')
    }
    sb.toString()
  }

  List<AutoCloseable> closing = []
  Path dir = Scratch.dir('peer-secondary')

  def cleanup() {
    closing.reverse().each { it.close() }
    dir.toFile().deleteDir()
  }

  LoomProcess loom(List<String> args) {
    def p = LoomProcess.start(['-i', '127.0.0.1', '--secondary-dir', dir.toString()] + args)
    closing << p
    p
  }

  static String dig(int port, String... args) {
    Dig.run(['@127.0.0.1', '-p', port as String, '+norec', '+short'] + (args as List)).trim()
  }

  def "loomdns is secondary of #kind (TSIG #signed): AXFR, then NOTIFY and IXFR, then served from disk while #kind is down"() {
    given:
    int port = LoomProcess.freePort()
    def primary = PeerPrimary.start(kind, 'sec.example.', zone(1, '192.0.2.1', hosts), port, signed ? KEY : null)
    closing << primary
    def args = ['-p', port as String, '--secondary', "127.0.0.1:${primary.port}/sec.example${signed ? '/key:xfr-key' : ''}".toString()]
    if (signed) args += ['--tsig-key', KEY]

    when:
    def server = loom(args)

    then:
    server.awaitOutput('transferred zone sec.example. serial - -> 1 by AXFR', 60)
    dig(port, 'www.sec.example', 'A') == '192.0.2.1'
    dig(port, "h${hosts}.sec.example", 'A') =~ /^10\./

    when: 'the primary changes, reloads and notifies'
    primary.change(zone(2, '192.0.2.2', hosts))

    then:
    server.awaitOutput('transferred zone sec.example. serial 1 -> 2 by IXFR', 30)
    dig(port, 'www.sec.example', 'A') == '192.0.2.2'

    when: 'loomdns restarts while the primary is down'
    server.signal('TERM')
    server.awaitExit()
    primary.close()
    def again = loom(args)

    then:
    again.awaitOutput("secondary zone sec.example. serial 2 (${hosts + 4} records) served from", 60)
    again.awaitOutput('serving with stages')
    dig(port, 'www.sec.example', 'A') == '192.0.2.2'

    where:
    kind   | signed
    'knot' | false
    'nsd'  | false
    'bind' | false
    'knot' | true
    hosts = 10
  }

  def "a zone of 100,000 hosts transfers from #kind whole, within the default limits"() {
    given:
    int port = LoomProcess.freePort()
    def primary = PeerPrimary.start(kind, 'sec.example.', zone(1, '192.0.2.1', 100_000), port)
    closing << primary

    when:
    def server = loom(['-p', port as String, '--secondary', "127.0.0.1:${primary.port}/sec.example".toString()])

    then:
    server.awaitOutput('transferred zone sec.example. serial - -> 1 by AXFR: 100005 records', 60)
    dig(port, 'h100000.sec.example', 'A') == '10.1.134.160'
    report(kind, server.output)

    where:
    kind << ['knot', 'nsd', 'bind']
  }

  /** Prints the first transfer's figures, for the record (never asserted: timings vary). */
  static boolean report(String kind, String log) {
    def m = log =~ /by AXFR: (\d+) records, (\d+) bytes, (\d+) ms/
    println "secondary of ${kind}: AXFR of ${m[0][1]} records, ${m[0][2]} bytes in ${m[0][3]} ms"
    true
  }
}
