package org.loomdns.authority

import org.loomdns.net.Cidr
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferIn
import spock.lang.Specification

/**
 * IXFR out on the wire, read by dnsjava's transfer client: the increments a zone went through
 * as it was published, a single SOA for a client that is current, the whole zone for one older
 * than the history, and over UDP the increment only when it fits.
 */
class IxfrSpec extends Specification {

  static final Name ORIGIN = Name.fromString('ixfr.example.')

  /** Version {@code serial}: www's address ends in the serial; {@code extra} more hosts. */
  static String zone(long serial, int extra = 0) {
    def sb = new StringBuilder("""\$ORIGIN ixfr.example.
\$TTL 300
@    SOA ns1 hostmaster ${serial} 7200 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.${serial}
""")
    (1..<(extra + 1)).each { sb << "extra${it} TXT \"added at serial ${serial}, number ${it}\"\n" }
    sb.toString()
  }

  TestServer server

  /** A server that served serials 1, 2 and 3 in turn, and lets 127.0.0.1 transfer. */
  def setup() {
    server = TestServer.withZones([zone(1)], [allowTransfer: [Cidr.parse('127.0.0.1')]])
    [2, 3].each { server.authority.served().publish(TestServer.loadBind(zone(it))) }
  }

  def cleanup() {
    server?.close()
  }

  ZoneTransferIn ixfr(long serial) {
    def xfr = ZoneTransferIn.newIXFR(ORIGIN, serial, false, '127.0.0.1', server.port, null)
    xfr.timeout = java.time.Duration.ofSeconds(5)
    xfr.run()
    xfr
  }

  static byte[] udpIxfr(long serial, boolean edns = false) {
    def m = Message.newQuery(Record.newRecord(ORIGIN, Type.IXFR, DClass.IN))
    m.addRecord(new SOARecord(ORIGIN, DClass.IN, 0, Name.fromString('ns1', ORIGIN),
        Name.fromString('hostmaster', ORIGIN), serial, 0, 0, 0, 0), Section.AUTHORITY)
    if (edns) {
      m.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL)
    }
    m.toWire()
  }

  def "a client at serial #serial gets the increments to 3, one per version published"() {
    when:
    def xfr = ixfr(serial)

    then:
    xfr.IXFR
    xfr.getIXFR()*.start == (serial..2)
    xfr.getIXFR()*.end == ((serial + 1)..3)
    xfr.getIXFR().every { d -> d.deletes*.type == [Type.SOA, Type.A] && d.adds*.type == [Type.SOA, Type.A] }
    xfr.getIXFR().every { d -> d.deletes[1].rdataToString() == "192.0.2.${d.start}" && d.adds[1].rdataToString() == "192.0.2.${d.end}" }

    where:
    serial << [1, 2]
  }

  def "a client as new as we are, or newer (RFC 1982), gets our SOA alone"() {
    expect:
    ixfr(serial).current

    where:
    serial << [3, 4, 3 + (1L << 30)]
  }

  def "a client older than the history gets the whole zone, AXFR-style"() {
    when:
    def xfr = ixfr(0)

    then:
    xfr.AXFR
    xfr.getAXFR().findAll { it.type != Type.SOA }*.type.sort() == [Type.A, Type.A, Type.NS].sort()
    xfr.getAXFR().find { it.type == Type.A && it.name.toString() == 'www.ixfr.example.' }.rdataToString() == '192.0.2.3'
  }

  def "after --ixfr-history 1 only the last change is kept"() {
    given:
    def served = new ServedZones(new ZoneSet([TestServer.loadBind(zone(1))]), new org.loomdns.zone.ZoneHistory.Limits(1, 1 << 20))

    when:
    [2, 3].each { served.publish(TestServer.loadBind(zone(it))) }

    then:
    served.history(ORIGIN).diffs()*.fromSerial() == [2]
  }

  def "a version whose serial goes back, or stays while the content changes, starts the history over"() {
    when:
    server.authority.served().publish(TestServer.loadBind(zone(serial).replace('192.0.2.53', '192.0.2.54')))

    then:
    server.authority.served().history(ORIGIN).diffs().empty
    ixfr(1).AXFR

    where:
    serial << [3, 2]
  }

  def "over UDP a small increment is sent whole (#how)"() {
    when:
    def reply = Wire.udp(server.port, udpIxfr(2, edns))
    def answer = reply.getSection(Section.ANSWER)

    then:
    reply.rcode == Rcode.NOERROR
    !reply.header.getFlag(org.xbill.DNS.Flags.TC)
    answer*.type == [Type.SOA, Type.SOA, Type.A, Type.SOA, Type.A, Type.SOA]
    answer.findAll { it.type == Type.SOA }*.serial == [3, 2, 3, 3]

    where:
    how << ['without EDNS', 'with EDNS']
    edns << [false, true]
  }

  def "over UDP an increment larger than 512 bytes is answered with our SOA alone"() {
    given:
    server.authority.served().publish(TestServer.loadBind(zone(4, 20)))

    when:
    def reply = Wire.udp(server.port, udpIxfr(3))

    then:
    reply.getSection(Section.ANSWER)*.type == [Type.SOA]
    reply.getSection(Section.ANSWER)[0].serial == 4

    and: 'over TCP the same client gets the increment'
    ixfr(3).getIXFR().collect { it.adds.size() } == [2 + 20]
  }

  def "over UDP a client outside --allow-transfer gets our SOA alone, and over TCP REFUSED"() {
    given:
    def closed = TestServer.withZones([zone(1)], [allowTransfer: [Cidr.parse('192.0.2.0/24')]])
    closed.authority.served().publish(TestServer.loadBind(zone(2)))

    when:
    def udp = Wire.udp(closed.port, udpIxfr(1))
    def tcp = Wire.readFramedAfter(closed.port, udpIxfr(1))

    then:
    udp.getSection(Section.ANSWER)*.type == [Type.SOA]
    tcp.rcode == Rcode.REFUSED

    cleanup:
    closed?.close()
  }
}
