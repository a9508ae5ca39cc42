package org.loomdns.secondary

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Scratch
import org.loomdns.zone.ZoneFormat
import org.xbill.DNS.Name
import spock.lang.Specification

/** A zone written to --secondary-dir reads back as the same zone, under a file name safe anywhere. */
class ZoneStoreSpec extends Specification {

  Path dir = Scratch.dir('store')

  def cleanup() {
    dir.toFile().deleteDir()
  }

  def "#file written and read back holds the same records, and no temporary file is left"() {
    given:
    def zone = format.load(Path.of(file))
    def store = new ZoneStore(dir)

    when:
    store.save(zone, 'AXFR from 127.0.0.1:53')
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
    new ZoneStore(dir).fileFor(Name.fromString(origin)).fileName.toString() == name

    where:
    origin              || name
    'Example.COM.'      || 'example.com.zone'
    '.'                 || 'root.zone'
    'a\\/b.example.'    || 'a%2Fb.example.zone'
    '0/25.2.0.192.in-addr.arpa.' || '0%2F25.2.0.192.in-addr.arpa.zone'
  }
}
