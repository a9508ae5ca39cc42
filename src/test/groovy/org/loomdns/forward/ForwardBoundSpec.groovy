package org.loomdns.forward

import java.time.Duration
import java.util.function.Supplier
import org.loomdns.chain.Outcome
import org.loomdns.dynamic.Rules
import org.loomdns.stats.Drops
import org.loomdns.support.FakeUpstream
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import spock.lang.Specification

/** Every exchange in flight holds a socket; a flood of distinct questions must not run us out of them. */
class ForwardBoundSpec extends Specification {

  /** Truncates every reply over UDP; made again (a few times at most) if its TCP port was taken. */
  static FakeUpstream truncating() {
    for (int i = 0; ; i++) {
      def u = new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream us ->
        def m = FakeUpstream.reply(q)
        m.header.setFlag(Flags.TC)
        us.send(m, from)
      })
      if (u.tcp != null || i == 4) return u
      u.close()
    }
  }

  /** The forwarder's outcomes for {@code count} different questions asked at once (bounded: 10 s each). */
  static List<Outcome> atOnce(ForwardResolver forwarder, int count) {
    List<Outcome> outcomes = Collections.synchronizedList([])
    def threads = (1..count).collect { n -> Thread.startVirtualThread { outcomes << forwarder.resolve(Rules.query("q${n}.example")) } }
    threads*.join(10_000)
    outcomes
  }

  def "past its bound of exchanges in flight the forwarder answers SERVFAIL without asking upstream, and counts it"() {
    given:
    def drops = new Drops()
    def upstream = FakeUpstream.silent()
    def settings = ForwardSettings.defaults().withTimeout(Duration.ofMillis(500)).withBudget(Duration.ofMillis(1500))
    def forwarder = new ForwardResolver({ Upstreams.of([upstream.address]) } as Supplier, settings, 4, drops)

    when: '12 different questions at once'
    def outcomes = atOnce(forwarder, 12)

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

  def "past its bound of TCP exchanges a truncated reply is not asked again over TCP, and that is counted"() {
    given: 'an upstream that truncates over UDP and takes two seconds over TCP; a bound of 8, so 1 over TCP'
    def drops = new Drops()
    def upstream = truncating()
    upstream.tcpBehaviour = { Message q -> Thread.sleep(2000); FakeUpstream.answer(q) }
    def settings = ForwardSettings.defaults().withTimeout(Duration.ofMillis(3000)).withBudget(Duration.ofMillis(5000))
    def forwarder = new ForwardResolver({ Upstreams.of([upstream.address]) } as Supplier, settings, 8, drops)

    when: '3 different questions at once'
    def outcomes = atOnce(forwarder, 3)

    then: 'the one with the TCP exchange is answered, the others get SERVFAIL without a TCP connection'
    outcomes.size() == 3
    outcomes.count { it.rcode() == Rcode.NOERROR } == 1
    outcomes.count { it.rcode() == Rcode.SERVFAIL } == 2
    upstream.tcpQueries.get() == 1
    drops.get(Drops.Kind.FORWARD_BUSY) >= 2

    cleanup:
    forwarder?.close()
    upstream?.close()
  }
}
