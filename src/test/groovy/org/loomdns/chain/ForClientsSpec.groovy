package org.loomdns.chain

import org.loomdns.net.Cidr
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import spock.lang.Specification

/** The cache and forwarder serve only the clients --allow-recursion names. */
class ForClientsSpec extends Specification {

  static Resolver answering() {
    new Resolver() {
      String name() { 'forwarder' }
      boolean recurses() { true }
      Outcome resolve(Query q) {
        new Outcome.Answer(Rcode.NOERROR, false, [new ARecord(q.name(), DClass.IN, 60, InetAddress.getByName('192.0.2.9'))], [], [])
      }
    }
  }

  def "a client #inside the allowed ranges is #result"() {
    given:
    def stage = new ForClients(answering(), ranges.collect { Cidr.parse(it) })
    def server = TestServer.withChain(ResolverChain.builder().forwarder(stage).build())

    when:
    def reply = Wire.udp(server.port, Wire.query('www.example.net'))

    then:
    reply.rcode == rcode
    reply.getSection(Section.ANSWER).size() == answers

    cleanup:
    server?.close()

    where:
    inside    | ranges                       || rcode         | answers | result
    'inside'  | ['127.0.0.0/8']              || Rcode.NOERROR | 1       | 'answered'
    'inside'  | ForClients.LOCAL_NETWORKS*.toString() || Rcode.NOERROR | 1 | 'answered by default'
    'outside' | ['192.0.2.0/24', '::1']      || Rcode.REFUSED | 0       | 'refused'
  }

  def "RA is set in replies to clients the forwarder serves and to nobody else, from the packet cache too"() {
    given: 'a zone, and a forwarder that serves 127.0.0.2 alone'
    def zone = TestServer.loadBind('''$ORIGIN example.com.
@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ 3600 IN NS ns1
ns1 3600 IN A 192.0.2.53
''')
    def authority = new org.loomdns.authority.AuthorityResolver(new org.loomdns.authority.ZoneSet([zone]), [])
    def stage = new ForClients(answering(), [Cidr.parse('127.0.0.2')])
    def server = TestServer.withChain(ResolverChain.builder().authority(authority).forwarder(stage).build())

    expect: 'each client gets its own RA, whoever asked the question first'
    [['127.0.0.2', 'ns1.example.com', true, Rcode.NOERROR],
     ['127.0.0.1', 'ns1.example.com', false, Rcode.NOERROR],
     ['127.0.0.2', 'ns1.example.com', true, Rcode.NOERROR],
     ['127.0.0.1', 'www.example.net', false, Rcode.REFUSED],
     ['127.0.0.2', 'www.example.net', true, Rcode.NOERROR]].every { from, name, ra, rcode ->
      def reply = Wire.udpFrom(from, server.port, Wire.query(name))
      reply.rcode == rcode && reply.header.getFlag(Flags.RA) == ra
    }
    stage.recursesFor(new InetSocketAddress('127.0.0.2', 53))
    !stage.recursesFor(new InetSocketAddress('127.0.0.1', 53))

    cleanup:
    server?.close()
  }

  def "the wrapped stage keeps its name and whether it recurses"() {
    given:
    def stage = new ForClients(answering(), [])

    expect:
    stage.name() == 'forwarder'
    stage.recurses()
  }

  def "a stage that returns no outcome gives SERVFAIL, not silence"() {
    given:
    def broken = new Resolver() {
      String name() { 'dynamic' }
      Outcome resolve(Query q) { null }
    }
    def server = TestServer.withChain(ResolverChain.builder().dynamic(broken).build())

    expect:
    Wire.udp(server.port, Wire.query('www.example.net')).rcode == Rcode.SERVFAIL

    cleanup:
    server?.close()
  }
}
