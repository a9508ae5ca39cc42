package org.loomdns.server

import java.time.Duration
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * A TCP client cannot keep a connection slot forever: not by never reading its answers, and not by
 * sending its query a byte at a time. With one slot, a second client is served once the server has
 * closed the first connection.
 */
class TcpHoldSpec extends Specification {

  /** About 16 KB of TXT per answer, so unread answers soon fill the socket buffers. */
  static Resolver big() {
    def strings = (1..64).collect { 'x' * 250 }
    [name: { 'big' }, resolve: { Query q ->
      new Outcome.Answer(Rcode.NOERROR, true, [new TXTRecord(q.name(), DClass.IN, 60, strings)], [], [])
    }] as Resolver
  }

  def "a client that #how loses its connection, and the slot serves another client"() {
    given:
    def server = TestServer.withChain(ResolverChain.builder().dynamic(big()).build(),
        [maxTcpConnections: 1, tcpIdleTimeout: Duration.ofSeconds(1)])
    def holder = new Socket()
    holder.receiveBufferSize = 4096
    holder.connect(new InetSocketAddress('127.0.0.1', server.port))
    def holding = Thread.startVirtualThread {
      try {
        hold(holder.outputStream)
      } catch (IOException ignored) {
        // the server closed the connection, as it should
      }
    }

    expect: 'another client is served within a bound'
    servedWithin(server.port, 10)

    cleanup:
    holder?.close()
    holding?.join(5000)
    server?.close()

    where:
    how                                              | hold
    'sends 500 queries and reads none of the answers' | { OutputStream out -> 500.times { out.write(Wire.framed(Wire.query("q${it}.example", Type.TXT))); out.flush() } }
    'sends its query one byte every 300 ms'          | { OutputStream out ->
      out.write(0x0f) // the length's first byte: a message of about 4 KB, so the drip lasts past the bound
      out.flush()
      50.times { Thread.sleep(300); out.write(0); out.flush() }
    }
  }

  def "a client that asks one cached question 500 times and reads none of the answers loses its connection"() {
    given: 'a zone answer of about 16 KB, which the packet cache keeps after the first'
    def txt = (1..64).collect { "big IN TXT \"${'x' * 240}${it}\"" }.join('\n')
    def zone = "\$ORIGIN example.\n\$TTL 60\n@ IN SOA ns hostmaster 1 3600 600 86400 60\n@ IN NS ns\nns IN A 192.0.2.1\n${txt}\n"
    def server = TestServer.withZones([zone], [maxTcpConnections: 1, tcpIdleTimeout: Duration.ofSeconds(1)])
    def holder = new Socket()
    holder.receiveBufferSize = 4096
    holder.connect(new InetSocketAddress('127.0.0.1', server.port))
    def holding = Thread.startVirtualThread {
      try {
        500.times { holder.outputStream.write(Wire.framed(Wire.query('big.example', Type.TXT))); holder.outputStream.flush() }
      } catch (IOException ignored) {
        // the server closed the connection, as it should
      }
    }

    expect: 'another client is served within a bound'
    servedWithin(server.port, 10, 'big.example')

    cleanup:
    holder?.close()
    holding?.join(5000)
    server?.close()
  }

  /** Whether a fresh connection gets an answer before {@code seconds} pass; each try is bounded. */
  private static boolean servedWithin(int port, int seconds, String name = 'other.example') {
    long end = System.nanoTime() + seconds * 1_000_000_000L
    Thread.sleep(500) // the holder first
    while (System.nanoTime() < end) {
      try {
        Message m = Wire.readFramedAfter(port, Wire.query(name, Type.TXT))
        if (m != null && m.rcode == Rcode.NOERROR) {
          return true
        }
      } catch (IOException ignored) {
        // refused while the slot is taken
      }
      Thread.sleep(200)
    }
    false
  }
}
