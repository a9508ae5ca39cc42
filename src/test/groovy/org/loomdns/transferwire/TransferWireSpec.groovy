package org.loomdns.transferwire

import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import spock.lang.Specification

/** Which transfers' answer sections are kept, for how long, and within what bound. */
class TransferWireSpec extends Specification {

  static List<Record> zone(String origin, long serial, int hosts) {
    def o = Name.fromString(origin)
    def soa = new SOARecord(o, DClass.IN, 300, Name.fromString('ns1', o), Name.fromString('hm', o), serial, 1, 1, 1, 1)
    [soa] + (1..hosts).collect {
      new ARecord(Name.fromString("h${it}", o), DClass.IN, 300, InetAddress.getByAddress([10, 0, 0, it & 255] as byte[]))
    } + [soa]
  }

  static TransferChunks.Builder filled(TransferWire wire, List<Record> records, int... sizes) {
    def b = wire.builder(records, 12 + records[0].name.length() + 4)
    sizes.each { b.add(new byte[it], 1) }
    b
  }

  def "a whole zone's chunks are kept for exactly that list of records"() {
    given:
    def wire = new TransferWire(1000)
    def records = zone('a.example.', 1, 3)

    when:
    wire.keep(records, filled(wire, records, 10, 20))

    then:
    wire.cached(records).messages() == 2
    wire.cached(records).bytes() == 30
    wire.cached(new ArrayList(records)) == null
  }

  def "an IXFR increment, whose second record is an SOA, is not kept"() {
    given:
    def wire = new TransferWire(1000)
    def whole = zone('a.example.', 2, 3)
    def increment = [whole[0], zone('a.example.', 1, 1)[0], whole[1], whole[0]]

    expect:
    wire.builder(increment, 25) == null
    wire.builder(whole, 25) != null
  }

  def "a zone's new version replaces the old one's chunks"() {
    given:
    def wire = new TransferWire(1000)
    def old = zone('a.example.', 1, 3)
    def newer = zone('a.example.', 2, 3)
    wire.keep(old, filled(wire, old, 100))

    when:
    wire.keep(newer, filled(wire, newer, 40))

    then:
    wire.cached(old) == null
    wire.cached(newer).bytes() == 40
    wire.held() == 40
  }

  def "chunks past the bound are not kept, and the transfer that made them is not held back"() {
    given:
    def wire = new TransferWire(100)
    def records = zone('a.example.', 1, 3)
    def builder = filled(wire, records, 60, 60)

    when:
    wire.keep(records, builder)

    then:
    wire.cached(records) == null
    wire.held() == 0
  }

  def "within the bound the zone sent least recently is dropped to make room"() {
    given:
    def wire = new TransferWire(100)
    def a = zone('a.example.', 1, 3)
    def b = zone('b.example.', 1, 3)
    def c = zone('c.example.', 1, 3)
    wire.keep(a, filled(wire, a, 40))
    wire.keep(b, filled(wire, b, 40))
    wire.cached(a)

    when:
    wire.keep(c, filled(wire, c, 40))

    then:
    wire.cached(a) != null
    wire.cached(b) == null
    wire.cached(c) != null
    wire.held() == 80
  }
}
