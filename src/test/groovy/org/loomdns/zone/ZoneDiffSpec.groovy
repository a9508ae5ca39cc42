package org.loomdns.zone

import static org.loomdns.zone.Zones.hosts
import static org.loomdns.zone.Zones.record

import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Specification

/** What changed between two versions of a zone, in the order an IXFR sends it. */
class ZoneDiffSpec extends Specification {

  def "a changed address is one deletion and one addition between the two SOAs"() {
    given:
    def before = hosts(1, 3)
    def after = hosts(2, 3, [2: '192.0.2.2'])

    when:
    def diff = ZoneDiff.between(before, after)

    then:
    diff.deleted()*.toString() == [record('host2', 'A', '10.0.0.2').toString()]
    diff.added()*.toString() == [record('host2', 'A', '192.0.2.2').toString()]
    diff.records()*.type == [Type.SOA, Type.A, Type.SOA, Type.A]
    diff.records()[0].serial == 1
    diff.records()[2].serial == 2
    diff.fromSerial() == 1
    diff.toSerial() == 2
    !diff.empty
    diff.bytes() > 0
  }

  def "#what shows as #deleted deleted and #added added"() {
    when:
    def diff = ZoneDiff.between(hosts(1, 2, [:], before), hosts(2, 2, [:], after))

    then:
    diff.deleted()*.toString().sort() == deleted.collect { it.toString() }.sort()
    diff.added()*.toString().sort() == added.collect { it.toString() }.sort()

    where:
    what                          | before                                          | after                                             || deleted                  | added
    'a new name'                  | []                                              | [record('new', 'TXT', 'hello')]                   || []                       | [record('new', 'TXT', 'hello')]
    'a name below a new ENT'      | []                                              | [record('a.b.c', 'TXT', 'deep')]                  || []                       | [record('a.b.c', 'TXT', 'deep')]
    'a removed name'              | [record('old', 'TXT', 'bye')]                   | []                                                || [record('old', 'TXT', 'bye')] | []
    'a TTL change'                | [record('t', 'TXT', 'same', 300)]               | [record('t', 'TXT', 'same', 60)]                  || [record('t', 'TXT', 'same', 300)] | [record('t', 'TXT', 'same', 60)]
    'one record more in a set'    | [record('m', 'MX', '10 mx1')]                   | [record('m', 'MX', '10 mx1'), record('m', 'MX', '20 mx2')] || [] | [record('m', 'MX', '20 mx2')]
    'a new type at a name'        | [record('m', 'MX', '10 mx1')]                   | [record('m', 'MX', '10 mx1'), record('m', 'TXT', 'x')]     || [] | [record('m', 'TXT', 'x')]
    'one record of a large set'   | (1..20).collect { record('big', 'TXT', "t$it") } | (2..21).collect { record('big', 'TXT', "t$it") } || [record('big', 'TXT', 't1')] | [record('big', 'TXT', 't21')]
  }

  def "the same records at the same serial are no change; a new serial alone is one"() {
    expect:
    ZoneDiff.between(hosts(1, 5), hosts(1, 5)).empty
    !ZoneDiff.between(hosts(1, 5), hosts(2, 5)).empty
    ZoneDiff.between(hosts(1, 5), hosts(2, 5)).records()*.type == [Type.SOA, Type.SOA]
  }

  def "a diff between two different zones is refused"() {
    given:
    def other = new ZoneBuilder('x', Name.fromString('other.example.'))
        .add(org.xbill.DNS.Record.fromString(Name.fromString('other.example.'), Type.SOA, 1, 300,
            'ns1 hostmaster 1 2 3 4 5', Name.fromString('other.example.')), 'x', 0)
        .add(org.xbill.DNS.Record.fromString(Name.fromString('other.example.'), Type.NS, 1, 300,
            'ns1', Name.fromString('other.example.')), 'x', 0)
        .build()

    when:
    ZoneDiff.between(hosts(1, 1), other)

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains('other.example.')
  }

  def "in a zone of #size records one change is found, and only it"() {
    given:
    def before = hosts(1, size)
    def after = hosts(2, size, [(size.intdiv(2)): '192.0.2.77'])

    when:
    long start = System.nanoTime()
    def diff = ZoneDiff.between(before, after)
    println "ZoneDiff of ${size} records with one change: ${(System.nanoTime() - start).intdiv(1_000_000)} ms"

    then:
    diff.deleted().size() == 1
    diff.added()*.rdataToString() == ['192.0.2.77']

    where:
    size << [100_000]
  }
}
