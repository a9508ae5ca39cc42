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
