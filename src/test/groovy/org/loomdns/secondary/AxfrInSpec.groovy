package org.loomdns.secondary

import java.time.Duration
import org.loomdns.authority.ServedZones
import org.loomdns.authority.ZoneSet
import org.loomdns.support.FakePrimary
import org.loomdns.support.Scratch
import org.loomdns.tsig.TsigKeys
import org.loomdns.zone.ZoneLoadException
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import org.xbill.DNS.ZoneTransferException
import spock.lang.Specification

/**
 * A whole zone by AXFR, built as its records arrive: what a record the zone cannot hold does to
 * the transfer, what a stream cut short leaves served, and how little the built zone repeats.
 */
class AxfrInSpec extends Specification {

  static final Name ORIGIN = Name.fromString('axfr.example.')

  static String zone(long serial, String body) {
    """\$ORIGIN axfr.example.
\$TTL 300
@    SOA ns1 hostmaster ${serial} 1 1 60 60
@    NS  ns1
ns1  A   192.0.2.53
${body}
"""
  }

  /** Enough names that the primary sends them in three messages. */
  static String many(String prefix) {
    (1..1200).collect { "${prefix}${it} A 192.0.2.${it % 250 + 1}" }.join('\n')
  }

  List<AutoCloseable> closing = []

  def cleanup() {
    closing.reverse().each { it.close() }
  }

  FakePrimary primary(String text) {
    def p = new FakePrimary('axfr.example.', text)
    closing << p
    p
  }

  static Primary at(FakePrimary p) {
    new Primary(new InetSocketAddress('127.0.0.1', p.port), null)
  }

  def "a CNAME beside other data in a transfer ends it, refused with the owner, the types and the primary"() {
    given:
    def p = primary(zone(1, "www A 192.0.2.80\nwww CNAME ns1\n" + many('h')))

    when:
    Transfer.fetch(at(p), ORIGIN, null, TransferLimits.DEFAULT)

    then:
    ZoneLoadException refused = thrown()
    refused.location() == "AXFR from 127.0.0.1:${p.port}"
    refused.problem() == 'www.axfr.example. has a CNAME and other data (A); a CNAME must stand alone (RFC 1034 section 3.6.2)'
  }

  def "a transfer cut half way fails, and the secondary keeps serving the version it had"() {
    given:
    def p = primary(zone(1, 'www A 192.0.2.80\n' + many('a')))
    def served = new ServedZones(ZoneSet.EMPTY)
    def dir = Scratch.dir('axfrin')
    def s = new Secondaries(SecondaryConfig.parse(["127.0.0.1:${p.port}/axfr.example".toString()], TsigKeys.NONE),
        served, dir, TransferLimits.DEFAULT)
    closing << ({ dir.toFile().deleteDir() } as AutoCloseable)
    closing << s
    s.start()
    assert SecondaryZoneSpec.await { served.current().get(ORIGIN)?.serial() == 1 }

    when: 'version 2 comes in three messages, of which the primary sends one'
    p.ixfr = false
    p.cutAfter = 1
    p.publish(zone(2, 'www A 192.0.2.81\n' + many('b')))
    Transfer.fetch(at(p), ORIGIN, null, TransferLimits.DEFAULT)

    then: 'the stream says it ended early'
    Exception cut = thrown()
    cut instanceof IOException || cut instanceof ZoneTransferException

    when: 'the secondary tries too, on its SOA refresh of one second'
    long before = s.checks(ORIGIN)

    then:
    SecondaryZoneSpec.await { s.checks(ORIGIN) >= before + 2 && p.axfrs.get() + p.ixfrs.get() >= 3 }
    def now = served.current().get(ORIGIN)
    now.serial() == 1
    now.recordCount() == 1204
    now.node(Name.fromString('www', ORIGIN)).get(Type.A).records()*.rdataToString() == ['192.0.2.80']
    now.node(Name.fromString('b1', ORIGIN)) == null
  }

  def "the records of one owner share one Name, however many messages decompressed it"() {
    given:
    def p = primary(zone(1, many('h') + '\nwww A 192.0.2.80\nwww A 192.0.2.81\nwww TXT "one"\nwww MX 10 ns1'))

    when:
    def zone = Transfer.fetch(at(p), ORIGIN, null, TransferLimits.DEFAULT).zone()
    def records = zone.node(Name.fromString('www', ORIGIN)).sets()*.records().flatten()

    then:
    records.size() == 4
    records.every { it.name.is(records[0].name) }
  }
}
