package org.loomdns.server

import java.time.Duration
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.ResolverChain
import org.loomdns.stats.Drops
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Rcode
import spock.lang.Specification

/** The bytes of the queries in flight are bounded over TCP as over UDP, before a message is read. */
class QueryBytesSpec extends Specification {

  def "a TCP message longer than the free bytes of queries in flight closes its connection, and others are answered"() {
    given: 'room for 200 bytes of queries at once'
    def authority = new AuthorityResolver(new ZoneSet([TestServer.loadBind(UdpResilienceSpec.ZONE)]), [])
    def processor = new QueryProcessor(ResolverChain.builder().authority(authority).build(), 1232, false, 'test', 0)
    def drops = new Drops()
    def tcp = new TcpListener(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0),
        TestServer.config([tcpIdleTimeout: Duration.ofSeconds(1)]), processor, drops, new QueryBytes(200))
    tcp.start()
    int port = tcp.localAddress().port

    when: 'a connection announces 1000 bytes'
    def big = Wire.tcp(port)
    big.outputStream.write([0x03, 0xe8] as byte[])
    big.outputStream.flush()
    def after = Wire.readFramed(big)

    then: 'it is closed unanswered and counted, and ten normal queries in turn are answered (each gives its bytes back)'
    after == null
    drops.get(Drops.Kind.QUERY_BYTES_OVER_CAP) == 1
    (1..10).every { Wire.readFramedAfter(port, Wire.query('ns1.example.com')).rcode == Rcode.NOERROR }

    cleanup:
    big?.close()
    tcp?.close()
  }
}
