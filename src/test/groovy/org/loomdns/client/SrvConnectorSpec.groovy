package org.loomdns.client

import java.time.Duration
import org.loomdns.support.TestServer
import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.SRVRecord
import spock.lang.Specification

/** Connecting by SRV records, RFC 2782: priority first, then weight, then the next target. */
class SrvConnectorSpec extends Specification {

  static SRVRecord srv(int priority, int weight, String target) {
    new SRVRecord(new Name('_x._tcp.example.'), DClass.IN, 60, priority, weight, 1, new Name(target))
  }

  def "lower priorities always come first, whatever the weights"() {
    given:
    def records = [srv(20, 100, 'c.'), srv(10, 0, 'a.'), srv(30, 5, 'd.'), srv(10, 0, 'b.')]

    expect:
    (1..50).every {
      def order = new SrvConnector(null, new Random(it)).order(records)*.target*.toString()
      order[0..1] as Set == ['a.', 'b.'] as Set && order[2..3] == ['c.', 'd.']
    }
  }

  def "within a priority the first pick follows the weights: #weights"() {
    given:
    def records = weights.withIndex().collect { w, i -> srv(10, w, "t${i}.") }
    def firsts = [:].withDefault { 0 }
    def connector = new SrvConnector(null, new Random(2782))

    when:
    10_000.times { firsts[connector.order(records)[0].target.toString()]++ }

    then:
    long total = weights.sum()
    weights.withIndex().every { w, i ->
      Math.abs(firsts["t${i}.".toString()] / 10_000 - w / total) < 0.03
    }

    where:
    weights << [[60, 30, 10], [1, 1], [90, 10, 0], [1, 3]]
  }

  def "records of weight 0 come after the weighted ones of their priority, in either order"() {
    given:
    def records = [srv(10, 0, 'z1.'), srv(10, 5, 'w.'), srv(10, 0, 'z2.')]

    expect:
    def seen = (1..200).collect { new SrvConnector(null, new Random(it)).order(records)*.target*.toString() } as Set
    seen == [['w.', 'z1.', 'z2.'], ['w.', 'z2.', 'z1.']] as Set
  }

  def "connect skips a target that refuses and connects to the next; without SRV it takes the domain's address"() {
    given:
    def listening = new ServerSocket(0, 5, InetAddress.getByName('127.0.0.1'))
    int closedPort = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1')).withCloseable { it.localPort }
    def zone = """\$ORIGIN svc.test.
\$TTL 60
@ SOA ns hostmaster 1 7200 3600 1209600 60
@ NS ns
ns A 192.0.2.53
@ A 127.0.0.1
first A 127.0.0.1
second A 127.0.0.1
_app._tcp SRV 10 0 ${closedPort} first
_app._tcp SRV 20 0 ${listening.localPort} second
_off._tcp SRV 0 0 0 .
"""
    def server = TestServer.withZones([zone])
    def connector = new SrvConnector(DnsClient.forServer('127.0.0.1', server.port))

    when:
    def socket = connector.connect('app', 'tcp', 'svc.test', 1, Duration.ofSeconds(2))

    then:
    socket.port == listening.localPort

    when:
    def plain = connector.connect('none', 'tcp', 'svc.test', listening.localPort, Duration.ofSeconds(2))

    then:
    plain.port == listening.localPort

    when:
    connector.connect('off', 'tcp', 'svc.test', listening.localPort, Duration.ofSeconds(2))

    then:
    ConnectException e = thrown()
    e.message.contains('not available')

    cleanup:
    socket?.close()
    plain?.close()
    listening?.close()
    server?.close()
  }
}
