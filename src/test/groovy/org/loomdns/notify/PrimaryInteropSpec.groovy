package org.loomdns.notify

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import org.loomdns.support.Knot
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.Secondary
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * loomdns as the primary of real secondaries (Knot, NSD, BIND): they take the zones by AXFR,
 * and a change loaded on SIGHUP reaches them by NOTIFY and IXFR well before any refresh timer.
 */
class PrimaryInteropSpec extends Specification {

  static final int BIG = 100_000

  static String small(long serial, String address) {
    """\$ORIGIN small.example.
\$TTL 300
@    SOA ns1 hostmaster ${serial} 86400 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   ${address}
"""
  }

  static String big() {
    def sb = new StringBuilder('''$ORIGIN big.example.
$TTL 300
@    SOA ns1 hostmaster 1 86400 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
''')
    for (int i = 1; i <= BIG; i++) {
      sb << 'host' << i << ' A 10.' << ((i >> 16) & 255) << '.' << ((i >> 8) & 255) << '.' << (i & 255) << '\n'
    }
    sb.toString()
  }

  def "#peer takes the zones by AXFR, then a change and SIGHUP reach it by NOTIFY and IXFR"() {
    given:
    Path dir = Scratch.dir('primary')
    Path smallFile = dir.resolve('small.example.zone')
    Path bigFile = dir.resolve('big.example.zone')
    Files.writeString(smallFile, small(1, '192.0.2.1'))
    Files.writeString(bigFile, big())
    int loomPort = LoomProcess.freePort()
    int peerPort = LoomProcess.freePort()
    def loom = LoomProcess.start(['--bindzone', smallFile, '--bindzone', bigFile, '-i', '127.0.0.1', '-p', loomPort,
                                  '--allow-transfer', '127.0.0.1', '--notify', "127.0.0.1:${peerPort}"])
    assert loom.awaitOutput('serving with stages')

    when: 'the secondary starts with no copy'
    long start = System.nanoTime()
    def secondary = Secondary.start(peer, peerPort, loomPort, ['small.example.', 'big.example.'])
    boolean bigArrived = secondary.awaitSerial('big.example.', 1, Duration.ofSeconds(60))
    println "${peer}: ${BIG}-record zone transferred and served after ${(System.nanoTime() - start).intdiv(1_000_000)} ms"

    then: 'it serves both, the large one whole'
    bigArrived
    secondary.awaitSerial('small.example.', 1)
    Knot.send(peerPort, Name.fromString("host${BIG}.big.example."), Type.A).getSection(1)*.rdataToString() == ['10.1.134.160']

    when: 'the zone changes and loomdns reloads it'
    Files.writeString(smallFile, small(2, '192.0.2.2'))
    loom.signal('HUP')

    then: 'loomdns notifies the secondary, which fetches the increment at once'
    secondary.awaitSerial('small.example.', 2, Duration.ofSeconds(20))
    Knot.send(peerPort, Name.fromString('www.small.example.'), Type.A).getSection(1)*.rdataToString() == ['192.0.2.2']
    loom.awaitOutput("NOTIFY small.example. serial 2 to 127.0.0.1#${peerPort}: NOERROR")
    loom.awaitOutput('IXFR out small.example. to 127.0.0.1')
    loom.output.contains('serial 1 to 2 in 1 diffs')

    cleanup:
    secondary?.close()
    loom?.close()
    dir?.toFile()?.deleteDir()

    where:
    peer << ['knot', 'nsd', 'bind']
  }
}
