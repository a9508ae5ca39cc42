package org.loomdns.zone

import static org.loomdns.zone.Zones.ORIGIN
import static org.loomdns.zone.Zones.hosts
import static org.loomdns.zone.Zones.record

import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Type
import spock.lang.Specification

/** New versions of a zone made by editing the last one, as updates and IXFR make them. */
class ZoneEditorSpec extends Specification {

  static SOARecord soa(long serial) {
    (SOARecord) record('@', 'SOA', "ns1 hostmaster ${serial} 7200 3600 1209600 60")
  }

  static Name name(String s) {
    Name.fromString(s, ORIGIN)
  }

  def "an added record is in the new version, not in the one edited, and the diff says so"() {
    given:
    def base = hosts(1, 2)
    def editor = base.edit()

    when:
    def txt = record('a.b.c', 'TXT', '"token"', 60)
    editor.add(txt)
    def edit = editor.commit(soa(2))

    then:
    edit.zone().node(name('a.b.c')).get(Type.TXT).records() == [txt]
    edit.zone().node(name('b.c')).emptyNonTerminal
    edit.zone().node(name('c')).emptyNonTerminal
    base.node(name('a.b.c')) == null
    base.node(name('c')) == null
    edit.zone().serial() == 2
    edit.zone().recordCount() == base.recordCount() + 1
    edit.diff().added()*.toString() == [record('a.b.c', 'TXT', '"token"', 60).toString()]
    edit.diff().deleted().empty
    edit.diff().fromSerial() == 1
    edit.diff().toSerial() == 2
  }

  def "deleting the last record of a deep name removes the empty non-terminals it alone kept"() {
    given:
    def base = hosts(1, 1, [:], [record('x.y.z', 'A', '192.0.2.1'), record('w.z', 'A', '192.0.2.2')])
    def editor = base.edit()

    when:
    editor.delete(record('x.y.z', 'A', '192.0.2.1'))
    def zone = editor.commit(soa(2)).zone()

    then:
    zone.node(name('x.y.z')) == null
    zone.node(name('y.z')) == null
    zone.node(name('z')).emptyNonTerminal
    zone.node(name('z')).children() == 1
    zone.node(name('w.z')).has(Type.A)
  }

  def "a name whose last set goes keeps existing, empty, while names live below it"() {
    given:
    def base = hosts(1, 1, [:], [record('a', 'A', '192.0.2.1'), record('b.a', 'A', '192.0.2.2')])
    def editor = base.edit()

    when:
    editor.deleteSet(name('a'), Type.A)
    def zone = editor.commit(soa(2)).zone()

    then:
    zone.node(name('a')).emptyNonTerminal
    zone.node(name('b.a')).has(Type.A)
  }

  def "a record added with another TTL gives the whole set that TTL"() {
    given:
    def base = hosts(1, 1, [:], [record('mx', 'A', '192.0.2.1', 300)])
    def editor = base.edit()

    when:
    editor.add(record('mx', 'A', '192.0.2.2', 60))
    def edit = editor.commit(soa(2))

    then:
    edit.zone().node(name('mx')).get(Type.A).records().collect { "${it.rdataToString()} ${it.TTL}" } ==
        ['192.0.2.1 60', '192.0.2.2 60']
    edit.diff().deleted()*.TTL == [300L]
    edit.diff().added()*.TTL == [60L, 60L]
  }

  def "adding a record already there changes nothing"() {
    given:
    def editor = hosts(1, 2).edit()

    expect:
    !editor.add(record('host1', 'A', '10.0.0.1'))
    !editor.delete(record('host9', 'A', '10.0.0.9'))
    editor.commit(soa(2)).diff().deleted().empty
  }

  def "#what is refused when committed"() {
    given:
    def editor = hosts(1, 1, [:], [record('www', 'A', '192.0.2.1')]).edit()

    when:
    change(editor)
    editor.commit(soa(2))

    then:
    def e = thrown(ZoneLoadException)
    e.message.contains(message)

    where:
    what                          | change                                                     | message
    'a CNAME beside an address'   | { ZoneEditor ed -> ed.add(record('www', 'CNAME', 'host1')) } | 'a CNAME must stand alone'
    "the apex's last NS deleted"  | { ZoneEditor ed -> ed.deleteSet(ORIGIN, Type.NS) }          | 'no NS records at the apex'
  }

  def "#what is refused at once"() {
    when:
    hosts(1, 1).edit().add(r)

    then:
    thrown(IllegalArgumentException)

    where:
    what                  | r
    'a name outside'      | Record.fromString(Name.fromString('www.other.'), Type.A, 1, 60, '192.0.2.1', Name.root)
    'an SOA'              | soa(5)
  }

  def "a diff that does not start at the version held does not apply"() {
    given:
    def base = hosts(3, 2)

    expect:
    !base.edit().apply(new ZoneDiff(soa(2), soa(4), [], [], 0))
    !base.edit().apply(new ZoneDiff(soa(3), soa(4), [record('host7', 'A', '10.0.0.7')], [], 0))
    base.edit().apply(new ZoneDiff(soa(3), soa(4), [record('host2', 'A', '10.0.0.2')], [], 0))
  }

  def "random edits give the zone a fresh build of the same records gives, and the diff between them (seed #seed)"() {
    given: 'a zone of deep names, and a pool of records to add and delete at random'
    def random = new Random(seed)
    def labels = ['a', 'b', 'c']
    def pool = (1..60).collect {
      def owner = (1..(1 + random.nextInt(4))).collect { labels[random.nextInt(3)] }.join('.')
      random.nextBoolean() ? record(owner, 'A', "192.0.2.${random.nextInt(4)}")
                           : record(owner, 'TXT', "\"t${random.nextInt(3)}\"")
    }
    Map<String, Record> present = [:]
    def zone = hosts(1, 1)

    when: 'ten versions, each of twenty random adds and deletes'
    def builtAgain = null
    def diffsMatch = true
    for (int version = 2; version <= 11; version++) {
      def editor = zone.edit()
      20.times {
        def r = pool[random.nextInt(pool.size())]
        if (random.nextBoolean()) {
          editor.add(r); present[r.toString()] = r
        } else {
          editor.delete(r); present.remove(r.toString())
        }
      }
      def edit = editor.commit(soa(version))
      diffsMatch &= same(edit.diff(), ZoneDiff.between(zone, edit.zone()))
      zone = edit.zone()
      builtAgain = hosts(version, 1, [:], present.values() as List)
    }

    then:
    diffsMatch
    describe(zone) == describe(builtAgain)
    zone.recordCount() == builtAgain.recordCount()

    where:
    seed << [1, 2, 3, 4, 5]
  }

  private static boolean same(ZoneDiff a, ZoneDiff b) {
    a.deleted()*.toString().sort() == b.deleted()*.toString().sort() &&
        a.added()*.toString().sort() == b.added()*.toString().sort()
  }

  /** Every node as "name children types:records", so two zones compare as text. */
  private static List<String> describe(Zone zone) {
    zone.nodes().collect { n, node ->
      "${n} ${node.children()} " + node.sets().collect { s -> "${Type.string(s.type())}:${s.records()*.rdataToString().sort()}" }.sort()
    }.sort()
  }
}
