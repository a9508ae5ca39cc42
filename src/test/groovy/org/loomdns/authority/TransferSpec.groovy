package org.loomdns.authority

import org.loomdns.net.Cidr
import org.loomdns.support.Dig
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferIn
import spock.lang.IgnoreIf
import spock.lang.Specification

/** AXFR and IXFR: who may transfer, over what, and what a transfer holds. */
class TransferSpec extends Specification {

  static String zone(int hosts) {
    def sb = new StringBuilder('''$ORIGIN xfr.example.
$TTL 300
@     SOA ns1 hostmaster 42 7200 3600 1209600 60
@     NS  ns1
ns1   A   192.0.2.53
''')
    (1..hosts).each { sb << "host${it} A 10.${(it >> 16) & 255}.${(it >> 8) & 255}.${it & 255}\n" }
    sb.toString()
  }

  def "a client in --allow-transfer gets the whole zone, SOA first and last, in #messages"() {
    given:
    def server = TestServer.withZones([zone(hosts)], [allowTransfer: [Cidr.parse('127.0.0.0/8')]])
    def socket = Wire.tcp(server.port)

    when:
    socket.outputStream.write(Wire.framed(Wire.query('xfr.example', Type.AXFR, [id: 321])))
    List<Message> replies = []
    List<Record> records = []
    while (records.size() < 2 || records[-1].type != Type.SOA) {
      def m = Wire.readFramed(socket)
      replies << m
      records.addAll(m.getSection(Section.ANSWER))
    }

    then:
    replies.every { it.header.ID == 321 && it.header.getFlag(Flags.AA) && it.rcode == Rcode.NOERROR }
    records.first().type == Type.SOA
    records.last().type == Type.SOA
    records.size() == hosts + 4 // SOA, NS, ns1, the hosts, SOA
    records.findAll { it.type == Type.A }*.name*.toString().toSet().size() == hosts + 1
    messages == 'one message' ? replies.size() == 1 : replies.size() > 1
    replies.every { it.toWire().length <= 65535 }

    cleanup:
    socket?.close()
    server?.close()

    where:
    hosts  || messages
    3      || 'one message'
    5_000  || 'several messages'
  }

  def "dnsjava's transfer client reads a large zone whole"() {
    given:
    def server = TestServer.withZones([zone(5000)], [allowTransfer: [Cidr.parse('127.0.0.1')]])

    when:
    def xfr = ZoneTransferIn.newAXFR(Name.fromString('xfr.example.'), '127.0.0.1', server.port, null)
    xfr.run()

    then:
    xfr.AXFR
    xfr.getAXFR().size() == 5000 + 4

    cleanup:
    server?.close()
  }

  def "#who is refused"() {
    given:
    def server = TestServer.withZones([zone(3)], [allowTransfer: allowed.collect { Cidr.parse(it) }])

    when:
    def reply = tcp ? Wire.readFramedAfter(server.port, Wire.query('xfr.example', type)) : Wire.udp(server.port, Wire.query('xfr.example', type))

    then:
    reply.rcode == Rcode.REFUSED
    reply.getSection(Section.ANSWER).isEmpty()

    cleanup:
    server?.close()

    where:
    who                                  | allowed          | tcp   | type
    'AXFR by default (nobody may)'       | []               | true  | Type.AXFR
    'AXFR from outside the ranges'       | ['192.0.2.0/24'] | true  | Type.AXFR
    'IXFR from outside the ranges'       | ['::1']          | true  | Type.IXFR
    'AXFR over UDP, even when allowed'   | ['127.0.0.1']    | false | Type.AXFR
  }

  def "AXFR of a name that is not a zone apex is NOTAUTH"() {
    given:
    def server = TestServer.withZones([zone(3)], [allowTransfer: [Cidr.parse('127.0.0.1')]])

    expect:
    Wire.readFramedAfter(server.port, Wire.query('host1.xfr.example', Type.AXFR)).rcode == Rcode.NOTAUTH

    cleanup:
    server?.close()
  }

  def "IXFR over TCP is answered with a full transfer; over UDP with the current SOA alone"() {
    given:
    def server = TestServer.withZones([zone(3)], [allowTransfer: [Cidr.parse('127.0.0.1')]])

    when:
    def tcp = Wire.readFramedAfter(server.port, Wire.query('xfr.example', Type.IXFR))
    def udp = Wire.udp(server.port, Wire.query('xfr.example', Type.IXFR))

    then:
    tcp.getSection(Section.ANSWER).size() == 7
    udp.getSection(Section.ANSWER)*.type == [Type.SOA]

    cleanup:
    server?.close()
  }

  @IgnoreIf({ !Dig.available() })
  def "dig axfr prints the zone"() {
    given:
    def server = TestServer.withZones([zone(3)], [allowTransfer: [Cidr.parse('127.0.0.1')]])

    when:
    def out = server.dig('xfr.example', 'AXFR')

    then:
    out.contains('host3.xfr.example.\t300\tIN\tA\t10.0.0.3')
    out.readLines().count { it.contains('\tSOA\t') } == 2
    out.contains('XFR size: 7 records')

    cleanup:
    server?.close()
  }
}
