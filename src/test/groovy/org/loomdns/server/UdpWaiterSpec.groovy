package org.loomdns.server

import java.lang.reflect.Field
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.ResolverChain
import org.loomdns.stats.Drops
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.Timeout

/**
 * The UDP listener's two readers: the kernel waiter, a platform thread that reads while no query
 * is handed on, and the virtual reader, which takes the socket back as soon as one is. Hits and
 * misses are answered whichever reads, and the JDK's channel, which has no waiter, answers both.
 */
@Timeout(60)
class UdpWaiterSpec extends Specification {

  static final String ZONE = '''$ORIGIN example.com.
@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ 3600 IN NS ns1
ns1 3600 IN A 192.0.2.53
www 3600 IN A 192.0.2.80
'''

  UdpListener listener

  def cleanup() {
    listener?.close()
  }

  UdpListener listen(UdpIo io) {
    def authority = new AuthorityResolver(new ZoneSet([TestServer.loadBind(ZONE)]), [])
    def processor = new QueryProcessor(ResolverChain.builder().authority(authority).build(), 1232, false, 'test', 1000)
    def config = TestServer.config([udpIo: io])
    listener = new UdpListener(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), config, processor,
        new Drops(), new QueryBytes(QueryBytes.DEFAULT))
    listener.start()
    listener
  }

  /** The reply, or null after 5 s: a loaded machine (CI's) may take seconds to answer the first ones. */
  Message ask(String name) {
    Wire.udp(listener.localAddress().port, Wire.query(name), 5000)
  }

  /** The listener's socket kind once it is the JDK channel, or as it is after {@code seconds}. */
  String kindWithinSeconds(int seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L
    while (listener.socketKind() != 'jdk channel' && System.nanoTime() < end) {
      Thread.sleep(10)
    }
    listener.socketKind()
  }

  /**
   * Whether the waiter comes to hold the turn within a few seconds while hits keep coming. The
   * reader hands the socket over after a batch of hits with nothing in flight, and a miss answered
   * just before may not have given its permit back by then (its reply is out first), so one hit
   * alone may leave the reader with the socket until the next datagram.
   */
  boolean waiterReads() {
    long end = System.nanoTime() + 5_000_000_000L
    while (!field(listener, 'waiterTurn') && System.nanoTime() < end) {
      ask('www.example.com')
      Thread.sleep(10)
    }
    field(listener, 'waiterTurn')
  }

  @Requires({ UdpSockets.nativeUnavailable() == null })
  def "hits are answered by the waiter, a miss that reaches it is answered too, and the waiter reads again after it"() {
    given: 'www cached by a first query and asked again, a hit, so that the reader leaves the socket to the waiter'
    listen(UdpIo.NATIVE)
    ask('www.example.com')
    ask('www.example.com')

    expect: 'the waiter reads and answers hits'
    waiterReads()
    (1..5).every { ask('www.example.com')?.getSection(1)?.first()?.rdataToString() == '192.0.2.80' }

    when: 'misses arrive while it reads, each for a name not asked before'
    def misses = (1..5).collect { ask("nothere${it}.example.com") }

    then: 'each is answered by the full path'
    misses.every { it != null && it.rcode == Rcode.NXDOMAIN }

    and: 'the waiter takes over again once nothing is in flight, and hits are still answered'
    ask('www.example.com').rcode == Rcode.NOERROR
    waiterReads()
    ask('ns1.example.com').rcode == Rcode.NOERROR
    ask('www.example.com').rcode == Rcode.NOERROR
  }

  @Requires({ UdpSockets.nativeUnavailable() == null })
  def "a burst of hits and misses mixed is answered whole, each reply to its own query"() {
    given:
    listen(UdpIo.NATIVE)
    ask('www.example.com')
    ask('www.example.com')
    waiterReads()
    def client = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    client.soTimeout = 5000
    def target = listener.localAddress()

    when: '100 queries sent at once, every fourth a miss'
    (0..<100).each { i ->
      byte[] q = Wire.query(i % 4 == 0 ? "miss${i}.example.com" : 'www.example.com', 1, [id: i])
      client.send(new DatagramPacket(q, q.length, target))
    }
    def replies = (0..<100).collect {
      def p = new DatagramPacket(new byte[1500], 1500)
      client.receive(p)
      new Message(Arrays.copyOf(p.data, p.length))
    }

    then:
    replies*.header*.ID.sort() == (0..<100).toList()
    replies.every { it.rcode == (it.header.ID % 4 == 0 ? Rcode.NXDOMAIN : Rcode.NOERROR) }

    cleanup:
    client?.close()
  }

  @Requires({ UdpSockets.nativeUnavailable() == null })
  def "a listener closed while its waiter blocks in the kernel stops both readers"() {
    given:
    listen(UdpIo.NATIVE)
    waiterReads()
    Thread waiter = field(listener, 'waiter')
    Thread reader = field(listener, 'reader')

    when:
    listener.close()
    waiter.join(2000)
    reader.join(2000)

    then:
    !waiter.alive
    !reader.alive
  }

  @Requires({ UdpSockets.nativeUnavailable() == null })
  def "a native socket whose poller dies while the waiter reads is replaced once a miss needs the reader"() {
    given:
    listen(UdpIo.NATIVE)
    ask('www.example.com')
    ask('www.example.com')
    waiterReads()

    when: "the poller's epoll descriptor is made an eventfd under it, so its next epoll_wait fails"
    def readiness = field(listener.@socket, 'readiness')
    DeadPoller.breakEpoll(field(readiness, 'epfd') as int)

    then: 'hits still answered by the waiter'
    ask('www.example.com').rcode == Rcode.NOERROR

    when: 'misses hand the socket back to the reader, whose wait on the dead poller fails'
    def answers = (1..10).collect { ask("gone${it}.example.com") }

    then: 'one may be lost with the broken socket, the rest are answered'
    answers.count { it?.rcode == Rcode.NXDOMAIN } >= 9

    and: 'once the reader fails with no datagram waiting to go on with, the JDK channel takes the socket and answers'
    kindWithinSeconds(5) == 'jdk channel'
    (1..10).every { ask("later${it}.example.com")?.rcode == Rcode.NXDOMAIN }
    ask('www.example.com').rcode == Rcode.NOERROR
  }

  def "the JDK channel, which has no waiter, answers hits and misses"() {
    given:
    listen(UdpIo.JDK)

    expect:
    (1..3).every { ask('www.example.com')?.rcode == Rcode.NOERROR }
    (1..3).every { ask("nothere${it}.example.com")?.rcode == Rcode.NXDOMAIN }
    listener.socketKind() == 'jdk channel'
    field(listener, 'waiter') == null
  }

  @Requires({ UdpSockets.nativeUnavailable() == null })
  def "replies given while a native socket's blocking receive hands on #count datagrams reach each sender whole"() {
    given: 'a platform thread that answers each datagram as it is handed on, with a reply of its own size'
    def socket = UdpSockets.open(UdpIo.NATIVE, new InetSocketAddress(InetAddress.getByName('::'), 0), 1 << 20)
    def waits = socket as UdpSocket.KernelWaits
    int port = socket.localAddress().port
    def clients = ['127.0.0.1', '::1'].collect { new DatagramSocket(0, InetAddress.getByName(it)) }
    clients*.receiveBufferSize = 1 << 20
    def ended = new java.util.concurrent.CompletableFuture<Throwable>()
    Thread.ofPlatform().daemon().start {
      try {
        while (true) {
          waits.receiveBlocking { byte[] data, InetSocketAddress from ->
            int i = new String(data) as int
            waits.reply(("re ${i} " + 'x' * (i * 4)).bytes, from)
          }
        }
      } catch (Throwable t) {
        ended.complete(t)
      }
    }

    when: 'the two clients send in turns, more than one batch'
    (0..<count).each { i ->
      def c = clients[i % 2]
      c.send(new DatagramPacket("${i}".bytes, "${i}".size(), new InetSocketAddress(c.localAddress, port)))
    }

    then:
    (0..<2).every { k ->
      def mine = (0..<count).findAll { it % 2 == k }
      UdpSocketSpec.receive(clients[k], mine.size()).sort() == mine.collect { "re ${it} " + 'x' * (it * 4) }.sort()
    }

    when: 'the socket is closed under the blocked receive'
    socket.close()

    then: 'it ends, as closed'
    ended.get(5, java.util.concurrent.TimeUnit.SECONDS) instanceof java.nio.channels.ClosedChannelException

    cleanup:
    clients*.close()
    socket?.close()

    where:
    count << [2, 3, 45, 100]
  }

  @Requires({ UdpSockets.nativeUnavailable() == null })
  def "a native socket's receive returns false when nothing waits and the listener is quiet, and hands on what waits"() {
    given:
    def socket = UdpSockets.open(UdpIo.NATIVE, new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), 1 << 20)
    def waits = socket as UdpSocket.KernelWaits
    def got = []
    def client = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))

    expect: 'nothing waits: false, nothing handed on'
    !waits.receiveUnlessQuiet({ byte[] d, InetSocketAddress f -> got << new String(d) }, { true })
    got.isEmpty()

    when: 'a datagram waits'
    client.send(new DatagramPacket('one'.bytes, 3, socket.localAddress()))
    boolean read = false
    long end = System.nanoTime() + 5_000_000_000L
    while (!read && System.nanoTime() < end) {
      read = waits.receiveUnlessQuiet({ byte[] d, InetSocketAddress f -> got << new String(d) }, { true })
    }

    then:
    read
    got == ['one']

    cleanup:
    client?.close()
    socket?.close()
  }

  static Object field(Object o, String name) {
    Field f = o.class.getDeclaredField(name)
    f.accessible = true
    f.get(o)
  }
}
