package org.loomdns.transferwire

import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Type
import spock.lang.Specification

/** Which transfers' answer sections are kept, who makes them, for how long, and within what bound. */
class TransferWireSpec extends Specification {

  static List<Record> zone(String origin, long serial, int hosts) {
    def o = Name.fromString(origin)
    def soa = new SOARecord(o, DClass.IN, 300, Name.fromString('ns1', o), Name.fromString('hm', o), serial, 1, 1, 1, 1)
    [soa] + (1..hosts).collect {
      new ARecord(Name.fromString("h${it}", o), DClass.IN, 300, InetAddress.getByAddress([10, 0, (it >> 8) & 255, it & 255] as byte[]))
    } + [soa]
  }

  /** Each message's answers as a transfer encoding as it goes makes them. */
  static List<List<Byte>> encoded(List<Record> records) {
    def question = Record.newRecord(records[0].name, Type.AXFR, DClass.IN)
    int from = 0
    TransferEncoder.cut(records).counts().withIndex().collect { int count, int i ->
      def section = TransferEncoder.encode(question, i == 0, records.subList(from, from + count))
      from += count
      section.toList()
    }
  }

  static List<List<Byte>> read(TransferChunks chunks) {
    (0..<chunks.messages()).collect { chunks.answers(it).toList() }
  }

  def "a prepared zone's messages are those a transfer encoding as it goes makes, kept for exactly that list"() {
    given:
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    def records = zone('a.example.', 1, 3000)

    when:
    def prepared = wire.prepare(records)

    then:
    prepared
    wire.cached(records).complete()
    wire.cached(records).messages() > 1
    read(wire.cached(records)) == encoded(records)
    wire.cached(new ArrayList(records)) == null
    wire.held() == wire.cached(records).bytes()
  }

  def "a client that needs a message nobody has made makes it, and those before it, itself"() {
    given:
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    def records = zone('a.example.', 1, 3000)
    def chunks = wire.chunks(records)

    when:
    def last = chunks.answers(chunks.messages() - 1)

    then:
    last.toList() == encoded(records).last()
    chunks.complete()
    wire.chunks(records).is(chunks)
  }

  def "clients reading while a preparation makes the messages get every one, each made once"() {
    given:
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    def records = zone('a.example.', 1, 20000)
    def chunks = wire.chunks(records)
    List<List<List<Byte>>> got = Collections.synchronizedList([])

    when:
    def readers = (1..2).collect { Thread.start { got << read(chunks) } }
    wire.prepare(records)
    readers*.join(10_000)

    then:
    got.size() == 2
    got.every { it == encoded(records) }
    chunks.bytes() == encoded(records).sum { it.size() }
  }

  def "an IXFR increment, whose second record is an SOA, is not kept"() {
    given:
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    def whole = zone('a.example.', 2, 3)
    def increment = [whole[0], zone('a.example.', 1, 1)[0], whole[1], whole[0]]

    expect:
    wire.chunks(increment) == null
    !wire.prepare(increment)
    wire.chunks(whole) != null
  }

  def "a zone's new version replaces the old one's chunks, whose bytes are let go"() {
    given:
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    def old = zone('a.example.', 1, 3000)
    def newer = zone('a.example.', 2, 3000)
    wire.prepare(old)

    when:
    wire.prepare(newer)

    then:
    wire.cached(old) == null
    wire.cached(newer).complete()
    wire.held() == wire.cached(newer).bytes()
  }

  def "an older version's transfer, finishing after a newer version was prepared, does not replace it"() {
    given:
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    def old = zone('a.example.', 1, 30)
    def newer = zone('a.example.', 2, 30)
    wire.prepare(newer)

    expect:
    wire.chunks(old) == null
    wire.cached(newer) != null
  }

  def "a zone that could exceed the bound is not kept, and its transfer is not held back"() {
    given:
    def wire = new TransferWire(200)
    def records = zone('a.example.', 1, 30)

    expect:
    !wire.prepare(records)
    wire.chunks(records) == null
    wire.held() == 0
  }

  def "within the bound the zone sent least recently is dropped to make room"() {
    given:
    def a = zone('a.example.', 1, 20)
    def b = zone('b.example.', 1, 20)
    def c = zone('c.example.', 1, 20)
    def reserving = new TransferWire(Long.MAX_VALUE)
    reserving.chunks(a)
    long most = reserving.held()
    def made = new TransferWire(Long.MAX_VALUE)
    made.prepare(a)
    def wire = new TransferWire(made.held() * 2 + most - 1)
    wire.prepare(a)
    wire.prepare(b)
    wire.cached(a)

    when:
    wire.prepare(c)

    then:
    wire.cached(a) != null
    wire.cached(b) == null
    wire.cached(c) != null
  }

  def "a zone no longer served lets its bytes go"() {
    given:
    def wire = new TransferWire(TransferWire.DEFAULT_BOUND)
    def a = zone('a.example.', 1, 30)
    def b = zone('b.example.', 1, 30)
    wire.prepare(a)
    wire.prepare(b)

    when:
    wire.release(Name.fromString('a.example.'))

    then:
    wire.cached(a) == null
    wire.held() == wire.cached(b).bytes()
  }
}
