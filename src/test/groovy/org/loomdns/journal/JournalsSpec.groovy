package org.loomdns.journal

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import org.loomdns.zone.Zone
import org.loomdns.zone.ZoneFormat
import org.loomdns.zone.ZoneLoadException
import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Type
import spock.lang.Specification
import spock.lang.TempDir

/** Updates kept beside the zone file, replayed at start, compacted, and never merged with a hand edit. */
class JournalsSpec extends Specification {

  static final Name ORIGIN = Name.fromString('dyn.example.')

  @TempDir
  Path dir

  Path file

  def setup() {
    file = dir.resolve('dyn.example.zone')
    Files.writeString(file, '''$ORIGIN dyn.example.
$TTL 300
@    SOA ns1 hostmaster 10 7200 3600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
''')
  }

  Journals journals() {
    new Journals(new Journals.Limits(16L << 20, Duration.ofHours(1)))
  }

  static Record rr(String owner, String type, String data, long ttl = 60) {
    Record.fromString(Name.fromString(owner, ORIGIN), Type.value(type), DClass.IN, ttl, data, ORIGIN)
  }

  /** The next version of {@code zone} with {@code adds} added, and its diff, as an update makes it. */
  static def update(Zone zone, List<Record> adds, List<Record> deletes = []) {
    def editor = zone.edit()
    deletes.each { editor.delete(it) }
    adds.each { editor.add(it) }
    def s = zone.soa()
    editor.commit(new SOARecord(ORIGIN, DClass.IN, s.TTL, s.host, s.admin, s.serial + 1, s.refresh, s.retry, s.expire, s.minimum))
  }

  /** Starts as the server does, makes {@code n} updates, and stops without a compaction (as kill -9 would). */
  Zone updated(int n) {
    def j = journals()
    Zone zone = j.recover(file, ZoneFormat.BIND.load(file))
    n.times { i ->
      def edit = update(zone, [rr("host${i}", 'A', "10.0.0.${i}")])
      j.append(ORIGIN, [edit.diff()])
      zone = edit.zone()
    }
    zone
  }

  static List<String> names(Zone z) {
    z.transferRecords()*.toString().toSorted().unique()
  }

  def "updates written to the journal are there at the next start, over the unchanged zone file"() {
    given:
    def before = updated(5)

    when:
    def after = journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    after.serial() == 15
    names(after) == names(before)
    after.node(Name.fromString('host4', ORIGIN)).get(Type.A).first().rdataToString() == '10.0.0.4'
    Files.exists(Journals.journalOf(file))
  }

  def "a batch of updates is written in order with one append"() {
    given:
    def j = journals()
    def zone = j.recover(file, ZoneFormat.BIND.load(file))
    def first = update(zone, [rr('a', 'TXT', '"one"')])
    def second = update(first.zone(), [rr('a', 'TXT', '"two"')], [rr('a', 'TXT', '"one"')])

    when:
    j.append(ORIGIN, [first.diff(), second.diff()])
    def after = journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    after.serial() == 12
    after.node(Name.fromString('a', ORIGIN)).get(Type.TXT).records() == [rr('a', 'TXT', '"two"')]
  }

  def "a last entry torn by a crash is cut off, and the journal goes on after the whole ones"() {
    given:
    updated(3)
    def jnl = Journals.journalOf(file)
    Files.write(jnl, [0, 0, 1, 0, 1, 2, 3, 4, 7, 7, 7, 7] as byte[], java.nio.file.StandardOpenOption.APPEND)

    when: 'the torn tail is dropped at start, and a new update written after the whole entries'
    def j = journals()
    def zone = j.recover(file, ZoneFormat.BIND.load(file))
    def edit = update(zone, [rr('late', 'A', '192.0.2.9')])
    j.append(ORIGIN, [edit.diff()])
    def after = journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    zone.serial() == 13
    after.serial() == 14
    after.node(Name.fromString('late', ORIGIN)) != null
  }

  def "damage before the journal's end is reported with the journal's name, not skipped"() {
    given:
    updated(3)
    def jnl = Journals.journalOf(file)
    byte[] bytes = Files.readAllBytes(jnl)
    bytes[90] ^= 0x5a // inside the first update, after the base entry
    Files.write(jnl, bytes)

    when:
    journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    def e = thrown(ZoneLoadException)
    e.message.contains(jnl.toString())
    e.message.contains('damaged')
  }

  def "a zone file edited by hand while the journal holds updates is refused, with what to do"() {
    given:
    updated(2)
    Files.writeString(file, Files.readString(file).replace(' 10 ', ' 11 ') + "www A 192.0.2.80\n")

    when:
    journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    def e = thrown(ZoneLoadException)
    e.message.startsWith(file.toString())
    e.message.contains('holds updates the file does not have')
    e.message.contains('Editing a zone that takes updates')
  }

  def "at a reload, #what"() {
    given:
    def j = journals()
    Zone zone = j.recover(file, ZoneFormat.BIND.load(file))
    if (updates) {
      def made = update(zone, [rr('dyn', 'A', '192.0.2.1')])
      j.append(ORIGIN, [made.diff()])
      zone = made.zone()
    }
    def current = zone
    j.start { current }
    change.call(file)

    when:
    def chosen = j.reloaded(file, ZoneFormat.BIND.load(file), current)

    then:
    (chosen.is(current) ? 'served' : 'file') == result

    cleanup:
    j.close()

    where:
    what                                                          | updates | change                                                                           | result
    'an unchanged file keeps the version with its updates'        | true    | { Path f -> }                                                                    | 'served'
    'a file edited under updates it lacks is refused'             | true    | { Path f -> Files.writeString(f, Files.readString(f).replace(' 10 ', ' 12 ')) } | 'served'
    'a file edited with no updates made is loaded'                | false   | { Path f -> Files.writeString(f, Files.readString(f).replace(' 10 ', ' 12 ')) } | 'file'
    'a file edited after its journal was removed is loaded'       | true    | { Path f -> Files.writeString(f, Files.readString(f).replace(' 10 ', ' 12 '))
                                                                                       Files.delete(Journals.journalOf(f)) }                                    | 'file'
  }

  def "a compaction folds the updates into a snapshot: the journal shrinks and the next start gives the same zone"() {
    given:
    def j = journals()
    Zone zone = j.recover(file, ZoneFormat.BIND.load(file))
    200.times { i ->
      def edit = update(zone, [rr("h${i % 5}", 'TXT', "\"v${i}\"")], i >= 5 ? [rr("h${i % 5}", 'TXT', "\"v${i - 5}\"")] : [])
      j.append(ORIGIN, [edit.diff()])
      zone = edit.zone()
    }
    def current = zone
    j.start { current }
    long before = Files.size(Journals.journalOf(file))

    when:
    j.compactAll()
    def after = journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    Files.size(Journals.journalOf(file)) < before
    after.serial() == 210
    names(after) == names(current)

    cleanup:
    j.close()
  }

  def "updates after a compaction are replayed over its snapshot"() {
    given:
    def j = journals()
    Zone zone = j.recover(file, ZoneFormat.BIND.load(file))
    def first = update(zone, [rr('a', 'A', '192.0.2.1')])
    j.append(ORIGIN, [first.diff()])
    j.start { first.zone() }
    j.compactAll()
    def second = update(first.zone(), [rr('b', 'A', '192.0.2.2')])
    j.append(ORIGIN, [second.diff()])

    when:
    def after = journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    after.serial() == 12
    names(after) == names(second.zone())

    cleanup:
    j.close()
  }

  def "a compaction that died before its rename leaves the journal it was replacing whole"() {
    given:
    def before = updated(4)
    Files.write(Journals.journalOf(file).resolveSibling('dyn.example.zone.jnl.tmp'), 'LOOMJNL1 half'.bytes)

    expect:
    names(journals().recover(file, ZoneFormat.BIND.load(file))) == names(before)
  }

  def "a file that is not a journal is named in the error"() {
    given:
    Files.writeString(Journals.journalOf(file), 'not a journal')

    when:
    journals().recover(file, ZoneFormat.BIND.load(file))

    then:
    def e = thrown(ZoneLoadException)
    e.message.contains('not a loomdns journal')
  }

  def "a zone file is hashed as SHA-256 of its bytes, read in pieces rather than whole"() {
    given:
    def big = dir.resolve('big.zone')
    def bytes = new byte[8 << 20]
    new Random(16).nextBytes(bytes)
    Files.write(big, bytes)
    def threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.threadMXBean
    Journals.hash(file) // once to load what it runs

    when:
    long before = threads.currentThreadAllocatedBytes
    byte[] hash = Journals.hash(big)
    long allocated = threads.currentThreadAllocatedBytes - before

    then:
    hash == java.security.MessageDigest.getInstance('SHA-256').digest(bytes)
    allocated < bytes.length / 8
  }
}
