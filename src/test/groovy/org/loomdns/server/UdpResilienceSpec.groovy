package org.loomdns.server

import java.lang.reflect.Field
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.ResolverChain
import org.loomdns.stats.Drops
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Rcode
import spock.lang.Requires
import spock.lang.Specification

/**
 * Fault injection on the UDP path: whatever the socket throws, and a native socket whose poller
 * dies, the listener keeps answering on the same port.
 */
class UdpResilienceSpec extends Specification {

  static final String ZONE = '''$ORIGIN example.com.
@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ 3600 IN NS ns1
ns1 3600 IN A 192.0.2.53
'''

  UdpListener listener

  def cleanup() {
    listener?.close()
  }

  Drops drops = new Drops()

  UdpListener listen(UdpIo io, Closure<UdpSocket> wrap = { it }, QueryBytes bytes = new QueryBytes(QueryBytes.DEFAULT)) {
    def authority = new AuthorityResolver(new ZoneSet([TestServer.loadBind(ZONE)]), [])
    def processor = new QueryProcessor(ResolverChain.builder().authority(authority).build(), 1232, false, 'test', 0)
    def config = TestServer.config([udpIo: io])
    def bind = new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0)
    listener = new UdpListener(bind, config, processor, drops, bytes,
        { b -> wrap(UdpSockets.open(io, b, config.udpReceiveBuffer())) } as UdpListener.Opener)
    listener.start()
    listener
  }

  /** How many of {@code n} queries, sent one after another, were answered. */
  int answered(int n) {
    (1..n).count {
      def reply = Wire.udp(listener.localAddress().port, Wire.query('ns1.example.com'), 1000)
      reply != null && reply.rcode == Rcode.NOERROR
    }
  }

  /** A socket that throws {@code fault} on the receive calls {@code fails} picks, else does its job. */
  static UdpSocket faulty(UdpSocket real, Throwable fault, Closure<Boolean> fails) {
    int calls = 0
    [localAddress: { real.localAddress() }, kind: { 'faulty ' + real.kind() },
     receiveBuffer: { real.receiveBuffer() },
     receive: { UdpSocket.Receiver r -> if (fails(++calls)) throw fault; real.receive(r) },
     send: { byte[] data, InetSocketAddress to -> real.send(data, to) },
     close: { real.close() }] as UdpSocket
  }

  def "a socket that throws #fault.class.simpleName on every other receive goes on being read"() {
    given:
    listen(UdpIo.JDK) { faulty(it, fault) { int call -> call % 2 == 0 } }

    expect: 'every query answered, on the same socket'
    answered(20) == 20
    listener.socketKind() == 'faulty jdk channel'

    where:
    fault << [new IOException('injected'), new IllegalStateException('injected'), new InternalError('injected')]
  }

  def "a socket that keeps failing is replaced by the JDK's channel on the same port"() {
    given: 'a socket that works for its first 3 receives, then throws on every one'
    listen(UdpIo.JDK) { faulty(it, new InternalError('broken for good')) { int call -> call > 3 } }
    int port = listener.localAddress().port

    expect: 'a query that reached the broken socket is lost with it; the client asks again'
    answered(3) == 3
    answered(10) >= 9
    answered(10) == 10
    listener.socketKind() == 'jdk channel'
    listener.localAddress().port == port
  }

  @Requires({ UdpSockets.nativeUnavailable() == null })
  def "a native socket whose poller dies is replaced by the JDK's channel and answering goes on"() {
    given:
    listen(UdpIo.NATIVE)

    expect:
    answered(3) == 3
    listener.socketKind() == 'native recvmmsg'

    when: "the poller's epoll descriptor is made an eventfd under it, so its next epoll_wait fails"
    def readiness = field(listener.@socket, 'readiness')
    DeadPoller.breakEpoll(field(readiness, 'epfd') as int)

    then: 'queries are still answered (one may be lost with the broken socket), then on the JDK channel'
    answered(10) >= 9
    answered(10) == 10
    listener.socketKind() == 'jdk channel'
  }

  def "a listener whose reader stops taking datagrams while they wait is reported, an idle one is not"() {
    given: 'a socket that hangs in its second receive until closed'
    def release = new java.util.concurrent.CountDownLatch(1)
    int calls = 0
    listen(UdpIo.JDK) { UdpSocket real ->
      [localAddress: { real.localAddress() }, kind: { 'hanging' }, receiveBuffer: { real.receiveBuffer() },
       receive: { UdpSocket.Receiver r -> if (++calls > 1) release.await(); real.receive(r) },
       send: { byte[] data, InetSocketAddress to -> real.send(data, to) },
       close: { release.countDown(); real.close() }] as UdpSocket
    }
    def idle = new UdpListener(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), TestServer.config([:]),
        null, new Drops(), new QueryBytes(QueryBytes.DEFAULT))
    idle.start()
    def hung = new ListenerWatch([listener], java.time.Duration.ofMillis(100)).start()
    def quiet = new ListenerWatch([idle], java.time.Duration.ofMillis(100)).start()

    when: 'queries arrive (the first is read, the rest wait in the socket)'
    5.times { Wire.udp(listener.localAddress().port, Wire.query('ns1.example.com'), 100) }
    long end = System.nanoTime() + 5_000_000_000L
    while (hung.stalls() == 0 && System.nanoTime() < end) {
      Thread.sleep(50)
    }

    then:
    hung.stalls() > 0
    quiet.stalls() == 0

    cleanup:
    hung?.close()
    quiet?.close()
    idle?.close()
  }

  def "a query larger than the free bytes of queries in flight is dropped and counted, smaller ones answered"() {
    given: 'room for 100 bytes of queries at once'
    listen(UdpIo.JDK, { it }, new QueryBytes(100))
    byte[] padded = Arrays.copyOf(Wire.query('ns1.example.com', org.xbill.DNS.Type.A, [:]), 300)

    expect:
    Wire.udp(listener.localAddress().port, padded, 500) == null
    drops.get(Drops.Kind.QUERY_BYTES_OVER_CAP) == 1
    answered(5) == 5
  }

  def "the kernel's queue for #local is read off a /proc/net table row"() {
    given:
    def a = new InetSocketAddress(InetAddress.getByName(local), port)

    expect:
    KernelQueue.queued(row.trim().split(/\s+/), a) == queued

    where:
    local       | port  | row                                                                                                       || queued
    '127.0.0.1' | 10053 | '6563: 0100007F:2745 00000000:0000 07 00000000:00000340 00:00000000 00000000 0 0 242901 2 0 0'            || 0x340
    '127.0.0.1' | 10054 | '6563: 0100007F:2745 00000000:0000 07 00000000:00000340 00:00000000 00000000 0 0 242901 2 0 0'            || -1
    '127.0.0.2' | 10053 | '6563: 0100007F:2745 00000000:0000 07 00000000:00000340 00:00000000 00000000 0 0 242901 2 0 0'            || -1
    '::'        | 10053 | '4606: 00000000000000000000000000000000:2745 00000000000000000000000000000000:0000 07 00000000:00000010 00' || 0x10
    '::1'       | 10053 | '4606: 00000000000000000000000001000000:2745 00000000000000000000000000000000:0000 07 00000000:00000020 00' || 0x20
    '127.0.0.1' | 10053 | '4606: 0000000000000000FFFF00000100007F:2745 00000000000000000000000000000000:0000 07 00000000:00000030 00' || 0x30
  }

  static Object field(Object o, String name) {
    Field f = o.class.getDeclaredField(name)
    f.accessible = true
    f.get(o)
  }
}
