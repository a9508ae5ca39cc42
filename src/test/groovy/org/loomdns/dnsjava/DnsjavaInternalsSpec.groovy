package org.loomdns.dnsjava

import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * What loomdns takes from dnsjava beyond its public API. After a dnsjava upgrade, a failure here
 * names the internal that went missing; loomdns still works (on the fallback), only slower or with
 * less exact error positions.
 */
class DnsjavaInternalsSpec extends Specification {

  def "dnsjava still has Record.withDClass(int, long), the cache's fast copy of a record with another TTL"() {
    expect:
    RecordCopies.fast()
  }

  def "a #type record copied with another TTL, the fast way or the public one, differs from it in the TTL alone"() {
    given:
    Record r = Record.fromString(Name.fromString('x.example.'), Type.value(type), 1, 3600, rdata, Name.root)

    when:
    Record fast = RecordCopies.withTtl(r, 42)
    Record slow = RecordCopies.withTtlPublicly(r, 42)

    then:
    [fast, slow].every { it.TTL == 42 && it.name == r.name && it.type == r.type && it.DClass == r.DClass }
    [fast, slow].every { it.rdataToString() == r.rdataToString() }
    RecordCopies.withTtl(r, 3600).is(r)

    where:
    type    | rdata
    'A'     | '192.0.2.1'
    'AAAA'  | '2001:db8::1'
    'MX'    | '10 mail.example.'
    'TXT'   | '"a b" "c"'
    'SOA'   | 'ns1.example. host.example. 1 7200 900 1209600 300'
    'SRV'   | '10 60 5060 sip.example.'
    'CAA'   | '0 issue "ca.example"'
    'TYPE65280' | '\\# 4 0a000001'
  }

  def "dnsjava still has the private Record.newRecord that reads rdata from a transfer's message"() {
    expect:
    AnswerRecords.fast()
  }

  def "a transfer message's answers read with shared owners are the records dnsjava's Message reads"() {
    given: 'a message compressed by dnsjava: owners, and names inside NS, CNAME, MX, SOA, SRV and RRSIG rdata'
    def origin = Name.fromString('t.example.')
    def m = new org.xbill.DNS.Message(7)
    m.header.setFlag(org.xbill.DNS.Flags.QR)
    m.addRecord(Record.newRecord(origin, Type.AXFR, 1), org.xbill.DNS.Section.QUESTION)
    [['@', 'SOA', 'ns1 host 1 7200 900 1209600 300'], ['@', 'NS', 'ns1'], ['@', 'MX', '10 mail'],
     ['www', 'A', '192.0.2.1'], ['www', 'A', '192.0.2.2'], ['www', 'AAAA', '2001:db8::1'],
     ['www', 'TXT', '"a b" "c"'], ['alias', 'CNAME', 'www'], ['_sip._tcp', 'SRV', '0 5 5060 www'],
     ['www', 'RRSIG', 'A 13 3 300 20261231000000 20261201000000 1 t.example. AAAA'],
     ['x', 'TYPE65280', '\\# 2 0102'], ['WWW', 'CAA', '0 issue "ca.example"'], ['@', 'SOA', 'ns1 host 1 7200 900 1209600 300']
    ].each { owner, type, rdata ->
      m.addRecord(Record.fromString(Name.fromString(owner, origin), Type.value(type), 1, 300, rdata, origin),
          org.xbill.DNS.Section.ANSWER)
    }
    byte[] wire = m.toWire()
    byte[] buffer = Arrays.copyOf(wire, 65535)

    when:
    def reader = new AnswerRecords()
    def fast = reader.read(buffer, wire.length)
    def whole = AnswerRecords.readWhole(buffer, wire.length)
    def dnsjava = new org.xbill.DNS.Message(wire).getSection(org.xbill.DNS.Section.ANSWER)

    then:
    [fast, whole].every { got -> got*.toString() == dnsjava*.toString() && got*.TTL == dnsjava*.TTL }
    fast[3].name.is(fast[4].name) && fast[4].name.is(fast[5].name)
    !fast[6].name.is(fast[7].name)
  }

  def "a message the fast reader cannot take (#why) is read by dnsjava whole"() {
    given:
    byte[] wire = header(1) + tail

    when:
    def got = new AnswerRecords().read(Arrays.copyOf(wire, 65535), wire.length)

    then:
    got*.toString() == new org.xbill.DNS.Message(wire).getSection(org.xbill.DNS.Section.ANSWER)*.toString()
    got.size() == 1

    where:
    why                                     | tail
    'empty rdata at the very end'           | [1, 0x61, 0, 0xff, 0, 0, 1, 0, 0, 1, 44, 0, 0]
  }

  def "a message dnsjava cannot read either (#why) is refused with dnsjava's error"() {
    given:
    byte[] wire = header(1) + tail

    when:
    new AnswerRecords().read(Arrays.copyOf(wire, 65535), wire.length)

    then:
    thrown(org.xbill.DNS.WireParseException)

    where:
    why                               | tail
    'an owner pointing forward'       | [0xc0, 25, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 192, 0, 2, 1, 1, 0x61, 0]
    'rdata shorter than an A record'  | [1, 0x61, 0, 0, 1, 0, 1, 0, 0, 1, 44, 0, 2, 192, 0]
    'a record cut short'              | [1, 0x61, 0, 0, 1, 0, 1]
  }

  /** A reply's header with one question-less answer count. */
  static List<Integer> header(int answers) {
    [0, 7, 0x84, 0, 0, 0, 0, answers, 0, 0, 0, 0]
  }

  def "dnsjava still keeps a message's sections in an array that transfers out make array-backed"() {
    expect:
    MessageSections.fast()
  }

  def "a message of #count answers is written to the same bytes whether its answer section is array-backed or not"() {
    given:
    def records = (1..count).collect {
      Record.fromString(Name.fromString("h${it}.example."), Type.A, 1, 300, "192.0.2.${it % 250 + 1}", Name.root)
    }
    def plain = new org.xbill.DNS.Message(7)
    def backed = MessageSections.arrayBacked(new org.xbill.DNS.Message(7), org.xbill.DNS.Section.ANSWER, 4)

    when:
    records.each {
      plain.addRecord(it, org.xbill.DNS.Section.ANSWER)
      backed.addRecord(it, org.xbill.DNS.Section.ANSWER)
    }

    then:
    backed.toWire(65535) == plain.toWire(65535)
    backed.getSection(org.xbill.DNS.Section.ANSWER) == records

    where:
    count << [1, 300]
  }

  def "dnsjava's Master still keeps its tokenizer's line where the zone reader's differential spec reads it"() {
    expect:
    MasterState.of().exact()
  }

  def "#who tells the line of the record read last"() {
    given:
    def text = '$ORIGIN example.com.\n$TTL 60\na IN A 192.0.2.1\n\nb IN A 192.0.2.2\n'
    def master = new org.xbill.DNS.Master(new ByteArrayInputStream(text.bytes), Name.fromString('example.com.'), 3600)

    when:
    master.nextRecord()
    def first = state.line(master)
    master.nextRecord()
    def second = state.line(master)

    then:
    [first, second] == (exact ? [3, 5] : [0, 0])

    cleanup:
    master?.close()

    where:
    who                                  | state                | exact
    'this dnsjava'                       | MasterState.of()     | true
    'the fallback, with no field found'  | MasterState.none()   | false
  }

  def "dnsjava still keeps an A record's address in an int and an AAAA record's in an array, which diffs read"() {
    expect:
    AddressBytes.fast()
  }

  def "the address of #rdata read from dnsjava's field is the one its wire form holds"() {
    given:
    Record r = Record.fromString(Name.fromString('x.example.'), Type.value(type), 1, 300, rdata, Name.root)

    expect:
    type == 'A' ? AddressBytes.ipv4(r) == AddressBytes.ipv4Publicly(r) : AddressBytes.ipv6(r) == AddressBytes.ipv6Publicly(r)
    type == 'A' ? AddressBytes.ipv4(r) == expected : AddressBytes.ipv6(r) == r.rdataToWireCanonical()

    where:
    type   | rdata                      | expected
    'A'    | '192.0.2.1'                | (192 << 24) + (2 << 8) + 1
    'A'    | '255.255.255.255'          | -1
    'A'    | '0.0.0.0'                  | 0
    'AAAA' | '2001:db8::1'              | null
    'AAAA' | '::ffff:192.0.2.1'         | null
  }
}
