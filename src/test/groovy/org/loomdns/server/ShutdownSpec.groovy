package org.loomdns.server

import java.util.concurrent.CountDownLatch
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import spock.lang.Specification

class ShutdownSpec extends Specification {

  /** A stage that holds each query until released, so a stop can overtake it. */
  static class Held implements Resolver {
    final CountDownLatch arrived = new CountDownLatch(1)
    final CountDownLatch release = new CountDownLatch(1)
    String name() { 'held' }
    Outcome resolve(Query q) {
      arrived.countDown()
      release.await()
      new Outcome.Answer(Rcode.NOERROR, true, [new ARecord(q.name(), DClass.IN, 60, InetAddress.getByName('192.0.2.1'))], [], [])
    }
  }

  def "a stop lets the query in flight over #transport finish, then stops answering"() {
    given:
    def held = new Held()
    def server = TestServer.withChain(ResolverChain.builder().dynamic(held).build())
    int port = server.port
    def reply = null
    def asking = Thread.start {
      reply = tcp ? Wire.readFramedAfter(port, Wire.query('slow.example', Type.A)) : Wire.udp(port, Wire.query('slow.example', Type.A), 5000)
    }
    held.arrived.await()

    when:
    def stopping = Thread.start { server.close() }
    Thread.sleep(200) // the stop is under way while the query is held
    held.release.countDown()
    stopping.join(10_000)
    asking.join(10_000)

    then:
    !stopping.alive
    reply != null
    reply.rcode == Rcode.NOERROR
    Wire.udp(port, Wire.query('slow.example', Type.A), 300) == null

    where:
    transport | tcp
    'UDP'     | false
    'TCP'     | true
  }
}
