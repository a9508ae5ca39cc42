package org.loomdns.authority

import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Transport
import org.loomdns.support.TestServer
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import org.loomdns.zone.Zone
import org.loomdns.zone.ZoneDiff
import org.loomdns.zone.ZoneHistory
import spock.lang.Specification

/** One zone's version changes without touching the others, and readers see whole versions. */
class ServedZonesSpec extends Specification {

  static String zone(String origin, int serial, String address) {
    """\$ORIGIN ${origin}.
\$TTL 300
@   SOA ns1 hostmaster ${serial} 7200 3600 1209600 60
@   NS  ns1
ns1 A   192.0.2.53
www A   ${address}
"""
  }

  static Outcome ask(AuthorityResolver authority, String name) {
    Record q = Record.newRecord(Name.fromString(name + '.'), Type.A, 1)
    authority.resolve(new Query(Message.newQuery(q), q, new InetSocketAddress('127.0.0.1', 5353), Transport.UDP))
  }

  static List<String> addresses(Outcome o) {
    (o as Outcome.Answer).answer()*.rdataToString()
  }

  def "publishing a new version of one zone serves it, keeps the others, ends the old set's reuse and tells listeners"() {
    given:
    def served = new ServedZones(new ZoneSet([TestServer.loadBind(zone('a.example', 1, '192.0.2.1')),
                                              TestServer.loadBind(zone('b.example', 1, '192.0.2.2'))]))
    def authority = new AuthorityResolver(served, [])
    def before = served.current()
    List<ServedZones.Change> changes = []
    served.onChange { changes << it }

    when:
    served.publish(TestServer.loadBind(zone('a.example', 2, '192.0.2.11')))

    then:
    addresses(ask(authority, 'www.a.example')) == ['192.0.2.11']
    addresses(ask(authority, 'www.b.example')) == ['192.0.2.2']
    !before.generation().current()
    changes.size() == 1
    changes[0].origin() == Name.fromString('a.example.')
    changes[0].previous().serial() == 1
    changes[0].current().serial() == 2
  }

  def "publishing the version already served changes nothing"() {
    given:
    def a = TestServer.loadBind(zone('a.example', 1, '192.0.2.1'))
    def served = new ServedZones(new ZoneSet([a]))
    def before = served.current()
    int told = 0
    served.onChange { told++ }

    when:
    served.publish(a)

    then:
    served.current().is(before)
    before.generation().current()
    told == 0
  }

  def "an expired zone answers SERVFAIL until a version is published, and a withdrawn one passes"() {
    given:
    def served = new ServedZones(new ZoneSet([TestServer.loadBind(zone('a.example', 1, '192.0.2.1'))]))
    def authority = new AuthorityResolver(served, [])

    when:
    served.expire(Name.fromString('a.example.'))

    then:
    (ask(authority, 'www.a.example') as Outcome.Answer).rcode() == Rcode.SERVFAIL

    when:
    served.publish(TestServer.loadBind(zone('a.example', 2, '192.0.2.12')))

    then:
    addresses(ask(authority, 'www.a.example')) == ['192.0.2.12']

    when:
    served.withdraw(Name.fromString('a.example.'))

    then:
    ask(authority, 'www.a.example') == Outcome.PASS
  }

  def "a new version is served while the comparison with the one before runs, and history waits for the comparison"() {
    given: 'a comparison that runs only when the test lets it'
    def origin = Name.fromString('a.example.')
    def held = new CountDownLatch(1)
    def comparing = new CountDownLatch(1)
    def served = new ServedZones(new ZoneSet([TestServer.loadBind(zone('a.example', 1, '192.0.2.1'))]),
        ZoneHistory.Limits.DEFAULT, { Zone a, Zone b -> comparing.countDown(); held.await(); ZoneDiff.between(a, b) })
    def authority = new AuthorityResolver(served, [])

    when: 'a version whose difference nobody knows is published'
    def publishing = Thread.start { served.publish(TestServer.loadBind(zone('a.example', 2, '192.0.2.11'))) }
    publishing.join(10_000)

    then: 'it is served, though the comparison has not finished'
    !publishing.alive
    comparing.await(10, TimeUnit.SECONDS)
    addresses(ask(authority, 'www.a.example')) == ['192.0.2.11']

    when: 'history is asked for meanwhile'
    ZoneHistory got = null
    def reading = Thread.start { got = served.history(origin) }
    reading.join(200)

    then: 'it waits for the comparison'
    reading.alive

    when:
    held.countDown()
    reading.join(10_000)

    then: 'and then holds the step to the new version'
    got.diffs()*.fromSerial() == [1L]
    got.diffs()*.toSerial() == [2L]
  }

  def "steps are added in the order of the versions when a known difference follows one still being found"() {
    given:
    def origin = Name.fromString('a.example.')
    def held = new CountDownLatch(1)
    def v1 = TestServer.loadBind(zone('a.example', 1, '192.0.2.1'))
    def v2 = TestServer.loadBind(zone('a.example', 2, '192.0.2.2'))
    def v3 = TestServer.loadBind(zone('a.example', 3, '192.0.2.3'))
    def served = new ServedZones(new ZoneSet([v1]), ZoneHistory.Limits.DEFAULT,
        { Zone a, Zone b -> held.await(); ZoneDiff.between(a, b) })

    when: 'the first step is being compared while the second comes with its difference'
    served.publish(v2)
    def publishing = Thread.start { served.publish(v3, ZoneDiff.between(v2, v3)) }
    held.countDown()
    publishing.join(10_000)

    then:
    served.history(origin).diffs().collect { [it.fromSerial(), it.toSerial()] } == [[1L, 2L], [2L, 3L]]
  }

  def "a comparison that fails leaves the history empty, and the next version starts a new one"() {
    given:
    def origin = Name.fromString('a.example.')
    int calls = 0
    def served = new ServedZones(new ZoneSet([TestServer.loadBind(zone('a.example', 1, '192.0.2.1'))]),
        ZoneHistory.Limits.DEFAULT, { Zone a, Zone b -> if (++calls == 1) { throw new IllegalStateException('broken') }; ZoneDiff.between(a, b) })

    when:
    served.publish(TestServer.loadBind(zone('a.example', 2, '192.0.2.2')))

    then:
    served.history(origin).diffs().isEmpty()
    served.history(origin).diffs().isEmpty()

    when:
    served.publish(TestServer.loadBind(zone('a.example', 3, '192.0.2.3')))

    then:
    served.history(origin).diffs().collect { [it.fromSerial(), it.toSerial()] } == [[2L, 3L]]
  }
}
