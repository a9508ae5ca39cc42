package org.loomdns.forward

import java.time.Duration
import java.util.function.Supplier
import org.loomdns.chain.Outcome
import org.loomdns.dynamic.Rules
import org.loomdns.stats.Drops
import org.loomdns.support.FakeUpstream
import org.xbill.DNS.Rcode
import spock.lang.Specification

/** Every exchange in flight holds a socket; a flood of distinct questions must not run us out of them. */
class ForwardBoundSpec extends Specification {

  def "past its bound of exchanges in flight the forwarder answers SERVFAIL without asking upstream, and counts it"() {
    given:
    def drops = new Drops()
    def upstream = FakeUpstream.silent()
    def settings = ForwardSettings.defaults().withTimeout(Duration.ofMillis(500)).withBudget(Duration.ofMillis(1500))
    def forwarder = new ForwardResolver({ Upstreams.of([upstream.address]) } as Supplier, settings, 4, drops)

    when: '12 different questions at once'
    List<Outcome> outcomes = Collections.synchronizedList([])
    def threads = (1..12).collect { n -> Thread.startVirtualThread { outcomes << forwarder.resolve(Rules.query("q${n}.example")) } }
    threads*.join(10_000)

    then: 'each is answered, and the upstream saw no more than the bound allows (each exchange tries twice)'
    outcomes.size() == 12
    outcomes.every { it instanceof Outcome.Answer && it.rcode() == Rcode.SERVFAIL }
    upstream.count <= 4 * settings.attempts()

    and: 'every question turned away is counted as forward_busy'
    drops.get(Drops.Kind.FORWARD_BUSY) >= 12 - 4
    drops.get(Drops.Kind.FORWARD_BUSY) < 12

    cleanup:
    forwarder?.close()
    upstream?.close()
  }
}
