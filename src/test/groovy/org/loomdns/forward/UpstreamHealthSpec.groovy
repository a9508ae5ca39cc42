package org.loomdns.forward

import java.time.Duration
import org.loomdns.support.FakeUpstream
import org.loomdns.support.ForwardZones
import org.loomdns.support.TestServer
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import spock.lang.Specification

/**
 * A client chooses the names it asks: names whose own servers are slow must not let it mark a
 * working upstream down, which would give every other client SERVFAIL until the next probe.
 */
class UpstreamHealthSpec extends Specification {

  def "timeouts on slow names do not mark down an upstream that answers other questions meanwhile"() {
    given: 'an upstream that never answers names under slow., and answers the rest'
    def upstream = new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      if (!q.question.name.toString().startsWith('slow')) u.send(FakeUpstream.answer(q), from)
    })
    def d = ForwardSettings.defaults()
    def settings = new ForwardSettings(Duration.ofMillis(1000), Duration.ofMillis(1000), 1, d.policy(), d.downAfter(),
        Duration.ofSeconds(60))
    def forwarder = ForwardResolver.to([upstream.address], settings)
    def server = TestServer.withZones([ForwardZones.OWN], [forwarder: forwarder])

    when: 'a client asks five slow names at once, while other clients go on asking good names'
    def slow = (1..5).collect { n -> Thread.startVirtualThread { server.query("slow${n}.example.") } }
    for (int i = 0; i < 100 && upstream.queries.count { it.question.name.toString().startsWith('slow') } < 5; i++) {
      Thread.sleep(20)
    }
    List<Message> during = []
    for (int i = 0; i < 50 && slow.any { it.alive }; i++) {
      during << server.query("good${i}.example.")
      Thread.sleep(100)
    }
    slow*.join(10_000)
    def after = server.query('after.example.')

    then: 'the upstream is still used'
    during.every { it.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1'] }
    after.rcode == Rcode.NOERROR
    after.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1']

    cleanup:
    server?.close()
    forwarder?.close()
    upstream?.close()
  }
}
