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

  def "#type data #before and #after are the same (#same) as dnsjava's equality has them, and the diff agrees"() {
    given:
    def old = record(owner[0], type, before)
    def now = record(owner[1], type, after)

    when:
    def diff = ZoneDiff.between(hosts(1, 1, [:], [old]), hosts(2, 1, [:], [now]))

    then:
    diff.deleted().size() == (same ? 0 : 1)
    diff.added().size() == (same ? 0 : 1)
    SameData.data(old, now) == old.equals(now)
    SameData.data(old, now) == same

    where:
    type    | owner              | before                     | after                        || same
    'A'     | ['a', 'a']         | '192.0.2.1'                | '192.0.2.1'                  || true
    'A'     | ['a', 'a']         | '192.0.2.1'                | '192.0.2.2'                  || false
    'A'     | ['Host', 'hOST']   | '192.0.2.1'                | '192.0.2.1'                  || true
    'AAAA'  | ['a', 'a']         | '2001:db8::1'              | '2001:DB8:0:0:0:0:0:1'       || true
    'AAAA'  | ['a', 'a']         | '::ffff:192.0.2.1'         | '::ffff:c000:201'            || true
    'AAAA'  | ['a', 'a']         | '2001:db8::1'              | '2001:db8::1:0'              || false
    'NS'    | ['d', 'd']         | 'NS.Example.'              | 'ns.example.'                || true
    'NS'    | ['d', 'd']         | 'ns1.example.'             | 'ns2.example.'               || false
    'CNAME' | ['c', 'c']         | 'Target.example.'          | 'tARGET.example.'            || true
    'CNAME' | ['c', 'c']         | 'target.example.'          | 'target.example.net.'        || false
    'DNAME' | ['d', 'd']         | 'Other.example.'           | 'other.EXAMPLE.'             || true
    'PTR'   | ['p', 'p']         | 'host.example.'            | 'host2.example.'             || false
    'PTR'   | ['p', 'p']         | 'HOST.example.'            | 'host.example.'              || true
    'MX'    | ['m', 'm']         | '10 Mail.example.'         | '10 mail.example.'           || true
    'MX'    | ['m', 'm']         | '10 mail.example.'         | '20 mail.example.'           || false
    'MX'    | ['m', 'm']         | '10 mail.example.'         | '10 mail2.example.'          || false
    'TXT'   | ['t', 't']         | '"hello"'                  | '"hello"'                    || true
    'TXT'   | ['t', 't']         | '"Hello"'                  | '"hello"'                    || false
    'TXT'   | ['t', 't']         | '"ab" "c"'                 | '"a" "bc"'                   || false
    'TXT'   | ['t', 't']         | '"a" "b"'                  | '"a" "b" ""'                 || false
    'TXT'   | ['t', 't']         | '"\\065"'                | '"A"'                        || true
    'TXT'   | ['t', 't']         | '"x\\001"'               | '"x\\\\001"'             || false
    'SRV'   | ['_s._tcp', '_s._tcp'] | '0 5 53 NS.example.'   | '0 5 53 ns.example.'         || true
    'SRV'   | ['_s._tcp', '_s._tcp'] | '0 5 53 ns.example.'   | '0 5 54 ns.example.'         || false
    'CAA'   | ['c', 'c']         | '0 issue "ca.example"'     | '0 issue "CA.example"'       || false
  }

  def "a record whose TTL alone changed is deleted with its old TTL and added with its new"() {
    when:
    def diff = ZoneDiff.between(hosts(1, 1, [:], [record('m', 'MX', '10 mail.example.', 300)]),
        hosts(2, 1, [:], [record('m', 'MX', '10 MAIL.example.', 60)]))

    then:
    diff.deleted()*.TTL == [300L]
    diff.added()*.TTL == [60L]
  }

  def "names listed in another order in the newer version are matched by name, not by place"() {
    given:
    def names = (1..6).collect { record("n$it", 'TXT', "t$it") }
    def shuffled = [names[3], names[0], record('n2', 'TXT', 'changed'), names[5], names[4]]

    when:
    def diff = ZoneDiff.between(hosts(1, 2, [:], names), hosts(2, 2, [:], shuffled))

    then:
    diff.deleted()*.rdataToString().sort() == ['t2', 't3']
    diff.added()*.rdataToString() == ['changed']
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

  def "comparing two versions whose sets hold one #type record each makes nothing per record"() {
    given:
    def sets = { (1..20_000).collect { record("r$it", type, data(it)) } }
    def before = hosts(1, 0, [:], sets())
    def after = hosts(2, 0, [:], sets())
    def threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.threadMXBean
    ZoneDiff.between(before, after) // once to load and compile what it runs

    when:
    long start = threads.currentThreadAllocatedBytes
    def diff = ZoneDiff.between(before, after)
    long allocated = threads.currentThreadAllocatedBytes - start

    then:
    diff.deleted().empty && diff.added().empty
    allocated < 20_000 * 80 // the two walks make an entry per name (48 bytes); a list per set was 96 more

    where:
    type   | data
    'MX'   | { "10 host$it" }
    'A'    | { "10.0.${it >> 8}.${it & 255}" }
    'AAAA' | { "2001:db8::${Integer.toHexString(it)}" }
  }
}
