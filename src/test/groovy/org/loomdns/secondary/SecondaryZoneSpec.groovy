package org.loomdns.secondary

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.time.Duration
import java.time.Instant
import org.loomdns.acl.Acl
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ServedZones
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Transport
import org.loomdns.support.FakePrimary
import org.loomdns.support.Scratch
import org.loomdns.tsig.TsigKeys
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Opcode
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * The refresh, retry and expire of RFC 1034 section 4.3.5 and NOTIFY of RFC 1996, against a
 * primary in-process on 127.0.0.1 with short SOA timers; every wait bounded.
 */
class SecondaryZoneSpec extends Specification {

  static final Name ORIGIN = Name.fromString('sec.example.')

  static String zone(long serial, String www = '192.0.2.80', String extra = '', List<Integer> timers = [3600, 3600, 1209600]) {
    """\$ORIGIN sec.example.
\$TTL 300
@    SOA ns1 hostmaster ${serial} ${timers[0]} ${timers[1]} ${timers[2]} 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   ${www}
old  TXT "goes in version 2"
${extra}
"""
  }

  List<AutoCloseable> closing = []
  Path dir = Scratch.dir('secondary')
  ServedZones served = new ServedZones(ZoneSet.EMPTY)

  def cleanup() {
    closing.reverse().each { it.close() }
    dir.toFile().deleteDir()
  }

  FakePrimary primary(String text) {
    def p = new FakePrimary('sec.example.', text)
    closing << p
    p
  }

  Secondaries secondary(List<String> specs, TransferLimits limits = TransferLimits.DEFAULT) {
    def s = new Secondaries(SecondaryConfig.parse(specs*.toString(), TsigKeys.NONE), served, dir, limits)
    closing << s
    s.start()
    s
  }

  static boolean await(Closure<Boolean> condition, long seconds = 15) {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos()
    while (System.nanoTime() < end) {
      if (condition()) return true
      Thread.sleep(50)
    }
    condition()
  }

  long servedSerial() {
    served.current().get(ORIGIN)?.serial() ?: -1
  }

  static Query notify(String name, String from = '127.0.0.1', Name signer = null, int type = Type.SOA) {
    Record q = Record.newRecord(Name.fromString(name), type, DClass.IN)
    def m = Message.newQuery(q)
    m.header.opcode = Opcode.NOTIFY
    new Query(m, q, new InetSocketAddress(from, 5300), Transport.UDP, Opcode.NOTIFY, signer)
  }

  List<String> www() {
    def node = served.current().get(ORIGIN).node(Name.fromString('www', ORIGIN))
    node.sets().find { it.type() == Type.A }.records()*.rdataToString()
  }

  def "until its first transfer a secondary zone is not served; then it is, by AXFR, and its copy is on disk"() {
    given:
    def p = primary(zone(1))

    when:
    def s = secondary(["127.0.0.1:${p.port}/sec.example"])

    then:
    await { servedSerial() == 1 }
    s.lastTransfer(ORIGIN).kind() == 'AXFR'
    s.lastTransfer(ORIGIN).records() > 0
    www() == ['192.0.2.80']
    await { Files.exists(dir.resolve('sec.example.zone')) }
    Files.readString(dir.resolve('sec.example.zone')).contains('192.0.2.80')
  }

  def "a NOTIFY from the primary is answered NOERROR with AA, and the change arrives by IXFR applied to our version"() {
    given:
    def p = primary(zone(1))
    def s = secondary(["127.0.0.1:${p.port}/sec.example"])
    assert await { servedSerial() == 1 }
    p.publish(zone(2, '192.0.2.81', 'new A 192.0.2.99').replace('old  TXT "goes in version 2"', ''))

    when:
    def reply = s.notifyHandler(Acl.NOBODY).resolve(notify('sec.example.')) as Outcome.Answer

    then:
    reply.rcode() == Rcode.NOERROR
    reply.authoritative()
    await { servedSerial() == 2 }
    s.lastTransfer(ORIGIN).kind() == 'IXFR'
    s.lastTransfer(ORIGIN).describe() =~ /zone sec.example. serial 1 -> 2 by IXFR: \d+ records, \d+ bytes, \d+ ms from 127.0.0.1:\d+/
    www() == ['192.0.2.81']
    served.current().get(ORIGIN).node(Name.fromString('new', ORIGIN)) != null
    served.current().get(ORIGIN).node(Name.fromString('old', ORIGIN)) == null
  }

  def "when the primary's deltas do not fit (#why) the whole zone comes by AXFR instead"() {
    given:
    def p = primary(zone(1))
    def s = secondary(["127.0.0.1:${p.port}/sec.example"])
    assert await { servedSerial() == 1 }
    p.ixfr = ixfr
    p.brokenDeltas = broken
    p.publish(zone(2, '192.0.2.82'))

    when:
    s.notifyHandler(Acl.NOBODY).resolve(notify('sec.example.'))

    then:
    await { servedSerial() == 2 }
    s.lastTransfer(ORIGIN).kind() == 'AXFR'
    www() == ['192.0.2.82']

    where:
    why                                          | ixfr  | broken
    'it offers no IXFR'                          | false | false
    'they delete a record we do not hold'        | true  | true
  }

  def "without a NOTIFY the zone is checked every SOA refresh and a newer serial transferred"() {
    given:
    def p = primary(zone(1, '192.0.2.80', '', [1, 1, 60]))
    def s = secondary(["127.0.0.1:${p.port}/sec.example"])
    assert await { servedSerial() == 1 }

    when:
    p.publish(zone(2, '192.0.2.83', '', [1, 1, 60]))

    then:
    await { servedSerial() == 2 }
    www() == ['192.0.2.83']
  }

  def "a zone whose primaries stay silent for its expire time answers SERVFAIL, and serves again once one answers"() {
    given:
    def p = primary(zone(1, '192.0.2.80', '', [1, 1, 3]))
    def s = secondary(["127.0.0.1:${p.port}/sec.example"])
    def authority = new AuthorityResolver(served, Acl.NOBODY)
    Record q = Record.newRecord(Name.fromString('www.sec.example.'), Type.A, DClass.IN)
    def ask = { (authority.resolve(new Query(Message.newQuery(q), q, new InetSocketAddress('127.0.0.1', 5353), Transport.UDP)) as Outcome.Answer).rcode() }
    assert await { servedSerial() == 1 }

    when:
    p.up = false

    then: 'answers go on while retries fail, then stop'
    ask() == Rcode.NOERROR
    await { served.current().isExpired(ORIGIN) }
    ask() == Rcode.SERVFAIL

    when:
    p.up = true

    then:
    await { !served.current().isExpired(ORIGIN) }
    ask() == Rcode.NOERROR
    s.checks(ORIGIN) > 2
  }

  def "a transfer over the record limit never replaces the zone served"() {
    given:
    def p = primary(zone(1, '192.0.2.80', '', [1, 1, 60]))
    def s = secondary(["127.0.0.1:${p.port}/sec.example"], new TransferLimits(20, 1L << 20, Duration.ofMinutes(1)))
    assert await { servedSerial() == 1 }
    long before = s.checks(ORIGIN)

    when: 'version 2 holds 40 records more'
    p.publish(zone(2, '192.0.2.84', (1..40).collect { "h${it} A 192.0.2.${it}" }.join('\n'), [1, 1, 60]))

    then: 'two more checks came and went'
    await { s.checks(ORIGIN) >= before + 2 && p.axfrs.get() + p.ixfrs.get() >= 2 }
    servedSerial() == 1
    www() == ['192.0.2.80']
    !served.current().isExpired(ORIGIN)
  }

  def "the next primary is tried when the first does not answer"() {
    given:
    def dead = primary(zone(1))
    dead.up = false
    def p = primary(zone(1, '192.0.2.85'))

    when:
    def s = secondary(["127.0.0.1:${dead.port}/sec.example", "127.0.0.1:${p.port}/sec.example"])

    then:
    await { servedSerial() == 1 }
    s.lastTransfer(ORIGIN).primary().address().port == p.port
    www() == ['192.0.2.85']
  }

  def "at start the copy on disk is served before any primary answers, expired when its file is #age old"() {
    given: 'a copy transferred earlier, then a primary that is down'
    def p = primary(zone(7, '192.0.2.86', '', [3600, 3600, 600]))
    def first = secondary(["127.0.0.1:${p.port}/sec.example"])
    assert await { servedSerial() == 7 && Files.exists(dir.resolve('sec.example.zone')) }
    first.close()
    p.up = false
    served = new ServedZones(ZoneSet.EMPTY)
    Files.setLastModifiedTime(dir.resolve('sec.example.zone'), FileTime.from(Instant.now() - age))

    when:
    secondary(["127.0.0.1:${p.port}/sec.example"])

    then:
    servedSerial() == 7
    www() == ['192.0.2.86']
    served.current().isExpired(ORIGIN) == expired

    where:
    age                     | expired
    Duration.ofSeconds(10)  | false
    Duration.ofSeconds(700) | true
  }

  def "a secondary restarted after several IXFRs serves the latest serial from disk, its copy written whole only once"() {
    given: 'an AXFR, then two changes by NOTIFY and IXFR'
    def p = primary(zone(1))
    def first = secondary(["127.0.0.1:${p.port}/sec.example"])
    assert await { servedSerial() == 1 && Files.exists(dir.resolve('sec.example.zone')) }
    def copy = Files.readString(dir.resolve('sec.example.zone'))
    p.publish(zone(2, '192.0.2.81'))
    first.notifyHandler(Acl.NOBODY).resolve(notify('sec.example.'))
    assert await { servedSerial() == 2 }
    p.publish(zone(3, '192.0.2.82', 'new A 192.0.2.99'))
    first.notifyHandler(Acl.NOBODY).resolve(notify('sec.example.'))
    assert await { servedSerial() == 3 }
    assert first.lastTransfer(ORIGIN).kind() == 'IXFR'

    when: 'it stops, and starts again while the primary is down'
    first.close()
    p.up = false
    served = new ServedZones(ZoneSet.EMPTY)
    secondary(["127.0.0.1:${p.port}/sec.example"])

    then:
    servedSerial() == 3
    www() == ['192.0.2.82']
    served.current().get(ORIGIN).node(Name.fromString('new', ORIGIN)) != null
    Files.readString(dir.resolve('sec.example.zone')) == copy
    Files.exists(dir.resolve('sec.example.zone.jnl'))
  }

  def "a NOTIFY for #name from #from (signed by #signer, allowed besides the primary: #allow) gets #answer"() {
    given:
    def p = primary(zone(1))
    def keys = TsigKeys.parse(['k1:' + 'a' * 44, 'k2:' + 'b' * 44])
    def s = secondary(["127.0.0.1:${p.port}/sec.example"])
    def handler = s.notifyHandler(Acl.parse(allow, keys, '--allow-notify'))

    expect:
    (handler.resolve(notify(name, from, signer ? Name.fromString(signer) : null, type)) as Outcome.Answer).rcode() == rcode

    where:
    name            | from         | signer | allow                  | type     || rcode
    'sec.example.'  | '127.0.0.1'  | null   | []                     | Type.SOA || Rcode.NOERROR
    'sec.example.'  | '192.0.2.9'  | null   | []                     | Type.SOA || Rcode.REFUSED
    'sec.example.'  | '192.0.2.9'  | 'k1.'  | []                     | Type.SOA || Rcode.REFUSED
    'sec.example.'  | '192.0.2.9'  | 'k1.'  | ['key:k1']             | Type.SOA || Rcode.NOERROR
    'sec.example.'  | '192.0.2.9'  | 'k2.'  | ['key:k1']             | Type.SOA || Rcode.REFUSED
    'sec.example.'  | '192.0.2.9'  | null   | ['192.0.2.0/24']       | Type.SOA || Rcode.NOERROR
    'sec.example.'  | '127.0.0.1'  | null   | ['192.0.2.0/24']       | Type.SOA || Rcode.NOERROR
    'sec.example.'  | '127.0.0.1'  | null   | ['key:k1']             | Type.SOA || Rcode.NOERROR
    'sec.example.'  | '192.0.2.10' | null   | ['key:k1']             | Type.SOA || Rcode.REFUSED
    'other.example.'| '127.0.0.1'  | null   | []                     | Type.SOA || Rcode.NOTAUTH
    'sec.example.'  | '127.0.0.1'  | null   | []                     | Type.A   || Rcode.FORMERR
    answer = Rcode.string(rcode)
  }

  def "a burst of NOTIFYs makes one or two serial checks, not one each"() {
    given:
    def p = primary(zone(1))
    def s = secondary(["127.0.0.1:${p.port}/sec.example"])
    assert await { servedSerial() == 1 }
    int before = p.soaQueries.get()
    p.publish(zone(2, '192.0.2.87'))
    def handler = s.notifyHandler(Acl.NOBODY)

    when:
    100.times { handler.resolve(notify('sec.example.')) }

    then:
    await { servedSerial() == 2 }

    when: 'a second, coalesced check may still be running'
    Thread.sleep(1000)

    then:
    p.soaQueries.get() - before in 1..2
  }
}
