package org.loomdns.update

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
 * An update reaches real secondaries the way a reload does: loomdns, started as a user starts it,
 * takes an nsupdate, and a Knot or BIND secondary of the zone has it by NOTIFY and IXFR.
 */
class UpdatePropagationSpec extends Specification {

  static final String ZONE = '''$ORIGIN example.com.
$TTL 300
@    SOA ns1 hostmaster 1 86400 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.1
'''

  def "#peer, a secondary of the zone, gets an update by NOTIFY and IXFR"() {
    given:
    Path dir = Scratch.dir('update-propagation')
    Path file = dir.resolve('example.com.zone')
    Files.writeString(file, ZONE)
    int loomPort = LoomProcess.freePort()
    int peerPort = LoomProcess.freePort()
    def loom = LoomProcess.start(['--bindzone', file, '-i', '127.0.0.1', '-p', loomPort,
                                  '--tsig-key', "hmac-sha256:update-key:${UpdateServer.SECRET}",
                                  '--allow-update', 'update-key',
                                  '--allow-transfer', '127.0.0.1', '--notify', "127.0.0.1:${peerPort}"])
    assert loom.awaitOutput('serving with stages')
    def secondary = Secondary.start(peer, peerPort, loomPort, ['example.com.'])
    assert secondary.awaitSerial('example.com.', 1, Duration.ofSeconds(30))

    when:
    def result = Nsupdate.run(['nsupdate', '-y', "hmac-sha256:update-key:${UpdateServer.SECRET}".toString()], """\
server 127.0.0.1 ${loomPort}
zone example.com.
update delete www.example.com. A
update add www.example.com. 300 A 192.0.2.2
update add new.example.com. 300 TXT "added by update"
send
""")

    then:
    UpdateSpec.rcode(result) == 'NOERROR'
    secondary.awaitSerial('example.com.', 2, Duration.ofSeconds(20))
    Knot.send(peerPort, Name.fromString('www.example.com.'), Type.A).getSection(1)*.rdataToString() == ['192.0.2.2']
    Knot.send(peerPort, Name.fromString('new.example.com.'), Type.TXT).getSection(1)*.rdataToString() == ['"added by update"']
    loom.awaitOutput("NOTIFY example.com. serial 2 to 127.0.0.1#${peerPort}: NOERROR")
    loom.awaitOutput('IXFR out example.com. to 127.0.0.1')

    cleanup:
    secondary?.close()
    loom?.close()
    dir?.toFile()?.deleteDir()

    where:
    peer << ['knot', 'bind']
  }
}
