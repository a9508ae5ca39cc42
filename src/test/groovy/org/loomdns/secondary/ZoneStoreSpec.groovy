package org.loomdns.secondary

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Scratch
import org.loomdns.zone.Zone
import org.loomdns.zone.ZoneEditor
import org.loomdns.zone.ZoneFormat
import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import spock.lang.Specification

/**
 * A zone written to --secondary-dir reads back as the same zone, under a file name safe anywhere;
 * the increments of IXFRs are appended to its journal and replayed over it.
 */
class ZoneStoreSpec extends Specification {

  Path dir = Scratch.dir('store')

  def cleanup() {
    dir.toFile().deleteDir()
  }

  def "#file written and read back holds the same records, and no temporary file is left"() {
    given:
    def zone = format.load(Path.of(file))
    def store = new ZoneStore(dir, { null })

    when:
    store.saveWhole(zone, 'AXFR from 127.0.0.1:53')
    def back = store.load(zone.origin())

    then:
    back.zone().transferRecords()*.toString() as Set == zone.transferRecords()*.toString() as Set
    back.zone().serial() == zone.serial()
    Files.list(dir).withCloseable { it.toList() }*.fileName*.toString() == [zone.origin().toString(true) + '.zone']

    where:
    file                       | format
    'zones/example.com.zone'   | ZoneFormat.BIND
    'zones/example.com.groovy' | ZoneFormat.GROOVY
  }

  def "the file of zone #origin is #name"() {
    expect:
    new ZoneStore(dir, { null }).fileFor(Name.fromString(origin)).fileName.toString() == name

    where:
    origin              || name
    'Example.COM.'      || 'example.com.zone'
    '.'                 || 'root.zone'
    'a\\/b.example.'    || 'a%2Fb.example.zone'
    '0/25.2.0.192.in-addr.arpa.' || '0%2F25.2.0.192.in-addr.arpa.zone'
  }

  def "increments after a whole copy are appended to its journal, the copy is not rewritten, and #reads reads back the latest"() {
    given:
    def v1 = ZoneFormat.BIND.load(Path.of('zones/example.com.zone'))
    def latest = null
    def store = new ZoneStore(dir, { latest })
    store.saveWhole(v1, 'AXFR from 127.0.0.1:53')
    def file = store.fileFor(v1.origin())
    def written = Files.readString(file)
    def v2 = next(v1, 'added.example.com. 300 IN A 192.0.2.201')
    def v3 = next(v2.zone(), 'added.example.com. 300 IN A 192.0.2.202')
    latest = v3.zone()

    when:
    store.save([ixfr(v2)])
    store.save([ixfr(v3)])
    if (closed) {
      store.close()
    }
    def back = new ZoneStore(dir, { null }).load(v1.origin()).zone()

    then:
    Files.readString(file) == written
    Files.exists(dir.resolve(file.fileName.toString() + '.jnl'))
    back.serial() == v3.zone().serial()
    back.transferRecords()*.toString() as Set == v3.zone().transferRecords()*.toString() as Set

    where:
    closed | reads
    false  | 'a store that never closed (a crash after the appends)'
    true   | 'a store closed'
  }

  def "a transfer that is not an increment over the stored version is written whole, and starts the journal afresh"() {
    given:
    def v1 = ZoneFormat.BIND.load(Path.of('zones/example.com.zone'))
    def store = new ZoneStore(dir, { null })
    store.saveWhole(v1, 'AXFR from 127.0.0.1:53')
    def v2 = next(v1, 'added.example.com. 300 IN A 192.0.2.201')
    store.save([ixfr(v2)])
    def v3 = next(v2.zone(), 'other.example.com. 300 IN A 192.0.2.203')

    when: 'v3 comes by AXFR'
    store.save([new Transferred(v3.zone(), null, v2.zone().serial(), 'AXFR', 0, 0, 0, null)])
    def back = new ZoneStore(dir, { null }).load(v1.origin()).zone()

    then:
    !Files.exists(dir.resolve(store.fileFor(v1.origin()).fileName.toString() + '.jnl'))
    Files.readString(store.fileFor(v1.origin())).contains('192.0.2.203')
    back.serial() == v3.zone().serial()
    back.transferRecords()*.toString() as Set == v3.zone().transferRecords()*.toString() as Set
  }

  static ZoneEditor.Edit next(Zone zone, String record) {
    def editor = zone.edit()
    def (owner, ttl, klass, type, address) = record.split(' ')
    editor.add(Record.fromString(Name.fromString(owner), Type.A, DClass.IN, ttl as long, address, Name.root))
    SOARecord soa = zone.soa()
    editor.commit(new SOARecord(soa.name, soa.DClass, soa.TTL, soa.host, soa.admin, soa.serial + 1,
        soa.refresh, soa.retry, soa.expire, soa.minimum))
  }

  static Transferred ixfr(ZoneEditor.Edit edit) {
    new Transferred(edit.zone(), edit.diff(), edit.diff().fromSerial(), 'IXFR', 0, 0, 0, null)
  }
}
