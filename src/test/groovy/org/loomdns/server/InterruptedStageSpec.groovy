package org.loomdns.server

import static org.loomdns.dynamic.Rules.load

import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * The UDP socket is shared by every query, and an interrupted thread doing channel I/O closes the
 * channel: whatever a stage leaves on its thread must not reach the socket the reply goes out on.
 */
class InterruptedStageSpec extends Specification {

  /** Answers ok.example; for bad.example does what the row says to its own thread. */
  static Resolver stage(Closure onBad) {
    [name: { 'test' }, resolve: { Query q ->
      if (q.name().toString() == 'bad.example.') {
        return onBad()
      }
      new Outcome.Answer(Rcode.NOERROR, true, [new ARecord(q.name(), DClass.IN, 60, InetAddress.getByName('192.0.2.1'))], [], [])
    }] as Resolver
  }

  def "a stage that #does costs its own query at most, and UDP and TCP go on answering"() {
    given:
    def server = TestServer.withChain(org.loomdns.chain.ResolverChain.builder().dynamic(stage(onBad)).build())

    when:
    Wire.udp(server.port, Wire.query('bad.example', Type.A), 1000)
    Wire.readFramedAfter(server.port, Wire.query('bad.example', Type.A))

    then:
    Wire.udp(server.port, Wire.query('ok.example', Type.A), 2000)?.rcode == Rcode.NOERROR
    Wire.readFramedAfter(server.port, Wire.query('ok.example', Type.A)).rcode == Rcode.NOERROR

    cleanup:
    server?.close()

    where:
    does                                          | onBad
    'throws InterruptedException'                 | { throw new InterruptedException('stop') }
    'interrupts its thread and answers'           | { Thread.currentThread().interrupt(); Outcome.Answer.failure(Rcode.NXDOMAIN) }
    'interrupts its thread and fails'             | { Thread.currentThread().interrupt(); throw new IllegalStateException('x') }
  }

  def "a rule file whose body interrupts its own thread does not close the UDP socket"() {
    given:
    def rules = load("""
      rule(name: 'self.example.com') { q, m -> Thread.currentThread().interrupt(); answer A(q.name, '192.0.2.9') }
      rule(name: 'ok.example.com') { q, m -> answer A(q.name, '192.0.2.1') }
    """)
    def server = TestServer.withZones([], [dynamic: rules])

    when:
    Wire.udp(server.port, Wire.query('self.example.com', Type.A), 1000)

    then:
    Wire.udp(server.port, Wire.query('ok.example.com', Type.A), 2000)?.rcode == Rcode.NOERROR

    cleanup:
    server?.close()
  }
}
