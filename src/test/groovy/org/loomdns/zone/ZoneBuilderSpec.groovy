package org.loomdns.zone

import static org.loomdns.zone.Zones.ORIGIN
import static org.loomdns.zone.Zones.record

import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.Specification

/** How the builder gathers a file's records into names and sets, and what it refuses, with where. */
class ZoneBuilderSpec extends Specification {

  static ZoneBuilder apex() {
    new ZoneBuilder('b.zone', ORIGIN)
        .add(record('@', 'SOA', 'ns1 hostmaster 1 7200 3600 1209600 60'), 'b.zone', 1)
        .add(record('@', 'NS', 'ns1'), 'b.zone', 2)
  }

  static Zone build(List<Record> records) {
    def b = apex()
    records.eachWithIndex { r, i -> b.add(r, 'b.zone', i + 3) }
    b.build()
  }

  def "#type #first then #second at one name are #count record(s)"() {
    when:
    def zone = build([record('x', type, first), record('x', type, second)])

    then:
    zone.node(Name.fromString('x', ORIGIN)).get(Type.value(type)).records().size() == count
    zone.recordCount() == 2 + count

    where:
    type   | first               | second              || count
    'MX'   | '10 Mail.example.'  | '10 mail.example.'  || 1
    'MX'   | '10 mail.example.'  | '20 mail.example.'  || 2
    'TXT'  | '"Hello"'           | '"hello"'           || 2
    'TXT'  | '"a" "b"'           | '"ab"'              || 2
    'AAAA' | '2001:db8::1'       | '2001:DB8:0::1'     || 1
    'A'    | '192.0.2.1'         | '192.0.2.1'         || 1
    'NS'   | 'NS.example.'       | 'ns.example.'       || 1
  }

  def "a name written again after others gets one node holding all its sets"() {
    when:
    def zone = build([record('x', 'A', '192.0.2.1'), record('y', 'A', '192.0.2.2'),
                      record('X', 'TXT', 'later'), record('x', 'A', '192.0.2.3')])
    def x = zone.node(Name.fromString('x', ORIGIN))

    then:
    x.sets()*.type == [Type.A, Type.TXT]
    x.get(Type.A).records()*.rdataToString() == ['192.0.2.1', '192.0.2.3']
    zone.node(ORIGIN).children() == 2
  }

  def "the records of one owner share one Name, though each came with a Name of its own"() {
    when:
    def zone = build([record('x', 'A', '192.0.2.1'), record('x', 'A', '192.0.2.2'), record('x', 'TXT', 'a'),
                      record('y', 'A', '192.0.2.3'), record('X', 'MX', '10 y')])
    def records = zone.node(Name.fromString('x', ORIGIN)).sets()*.records().flatten()

    then:
    records.size() == 4
    records.every { it.name.is(records[0].name) }
  }

  def "names below other names make the empty non-terminals between, each counted once"() {
    when:
    def zone = build([record('a.b.c', 'A', '192.0.2.1'), record('d.b.c', 'A', '192.0.2.2'), record('c', 'TXT', 'c')])

    then:
    zone.node(Name.fromString('b.c', ORIGIN)).emptyNonTerminal
    zone.node(Name.fromString('b.c', ORIGIN)).children() == 2
    zone.node(Name.fromString('c', ORIGIN)).children() == 1
    zone.node(ORIGIN).children() == 1
  }

  def "#what is refused at its line"() {
    when:
    build(records)

    then:
    ZoneLoadException refused = thrown()
    with(refused.message) {
      contains("b.zone:${line}")
      contains(words)
    }

    where:
    what                          | records                                                                 || line | words
    'a CNAME beside an A'         | [record('x', 'A', '192.0.2.1'), record('y', 'A', '192.0.2.2'), record('x', 'CNAME', 'y')] || 5 | 'CNAME must stand alone'
    'an A beside a CNAME'         | [record('x', 'CNAME', 'y'), record('x', 'A', '192.0.2.1')]              || 4    | 'CNAME must stand alone'
    'a second CNAME'              | [record('x', 'CNAME', 'y'), record('x', 'CNAME', 'z')]                  || 4    | 'a second CNAME'
    'a name outside the zone'     | [record('x.other.', 'A', '192.0.2.1')]                                  || 3    | 'outside the zone'
  }
}
