package org.loomdns.server

import java.net.BindException
import java.nio.channels.ClosedChannelException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification
import spock.lang.Timeout

/**
 * Both UDP sockets, the JDK's channel and the native batched one, behave the same through real
 * datagrams: what arrives, from where, and where the reply goes.
 */
@Timeout(30)
class UdpSocketSpec extends Specification {

  /** Empty on a JVM without the native socket (JDK 21), whose specs then cover the channel only. */
  static final List<UdpIo> KINDS = UdpSockets.nativeUnavailable() == null ? [UdpIo.JDK, UdpIo.NATIVE] : [UdpIo.JDK]

  /** Reads datagrams on its own virtual thread, as UdpListener does, into a list. */
  static class Reader implements AutoCloseable {
    final UdpSocket socket
    final List<List> got = new CopyOnWriteArrayList<>()
    volatile Throwable ended
    final Thread thread

    Reader(UdpSocket socket) {
      this.socket = socket
      thread = Thread.ofVirtual().start {
        try {
          while (true) {
            socket.receive { byte[] data, InetSocketAddress from -> got << [data, from] }
          }
        } catch (Throwable t) {
          ended = t
        }
      }
    }

    List waitFor(int count) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
      while (got.size() < count && System.nanoTime() < until) {
        Thread.sleep(5)
      }
      got
    }

    void close() {
      socket.close()
      thread.join(2000)
    }
  }

  /** The texts of the next {@code count} datagrams {@code socket} receives, waiting up to 5 s for each. */
  static List<String> receive(DatagramSocket socket, int count) {
    socket.soTimeout = 5000
    (1..count).collect {
      def packet = new DatagramPacket(new byte[512], 512)
      socket.receive(packet)
      new String(packet.data, 0, packet.length)
    }
  }

  static UdpSocket open(UdpIo io, String address, int port = 0) {
    UdpSockets.open(io, new InetSocketAddress(InetAddress.getByName(address), port), 1 << 20)
  }

  def "a #io socket on #address receives a datagram with its sender's address, and the reply reaches the sender"() {
    given:
    def reader = new Reader(open(io, address))
    def client = new DatagramSocket(0, InetAddress.getByName(clientAddress))
    client.soTimeout = 5000
    def target = new InetSocketAddress(InetAddress.getByName(clientAddress), reader.socket.localAddress().port)

    when:
    client.send(new DatagramPacket('ping'.bytes, 4, target))
    def got = reader.waitFor(1)
    InetSocketAddress from = got[0][1]
    reader.socket.send('pong!'.bytes, from)
    def answer = new DatagramPacket(new byte[100], 100)
    client.receive(answer)

    then:
    reader.socket.kind() == (io == UdpIo.NATIVE ? 'native recvmmsg' : 'jdk channel')
    new String(got[0][0] as byte[]) == 'ping'
    from.address == InetAddress.getByName(clientAddress)
    from.address.class == expectedClass
    from.port == client.localPort
    new String(answer.data, 0, answer.length) == 'pong!'
    answer.socketAddress == target

    cleanup:
    client?.close()
    reader?.close()

    where:
    [io, address, clientAddress, expectedClass] << KINDS.collectMany { io ->
      [[io, '127.0.0.1', '127.0.0.1', Inet4Address],
       [io, '::1', '::1', Inet6Address],
       // The wildcard socket is dual-stack: an IPv4 sender comes as IPv4, not as ::ffff:127.0.0.1.
       [io, '::', '127.0.0.1', Inet4Address],
       [io, '::', '::1', Inet6Address],
       // The server's default, every address: the JDK's wildcard is 0.0.0.0, and IPv6 must reach it too.
       [io, '0.0.0.0', '127.0.0.1', Inet4Address],
       [io, '0.0.0.0', '::1', Inet6Address]]
    }
  }

  def "a #io socket hands on a burst of #count datagrams whole and in order"() {
    given:
    def reader = new Reader(open(io, '127.0.0.1'))
    def client = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    def target = reader.socket.localAddress()

    when:
    (0..<count).each { i -> client.send(new DatagramPacket("datagram ${i}".bytes, "datagram ${i}".size(), target)) }
    def got = reader.waitFor(count)

    then:
    got.collect { new String(it[0] as byte[]) } == (0..<count).collect { "datagram ${it}".toString() }

    cleanup:
    client?.close()
    reader?.close()

    where:
    [io, count] << [KINDS, [1, 31, 32, 33, 200]].combinations()
  }

  def "a #io dual-stack socket tells apart the senders of one burst, each datagram with its own sender, and replies reach them"() {
    given:
    def reader = new Reader(open(io, '::'))
    int port = reader.socket.localAddress().port
    def clients = ['127.0.0.1', '127.0.0.1', '::1'].collect { new DatagramSocket(0, InetAddress.getByName(it)) }

    when: 'more datagrams than one batch, the senders taking turns'
    (0..<45).each { i ->
      def c = clients[i % 3]
      byte[] text = "${i} from ${i % 3}".bytes
      c.send(new DatagramPacket(text, text.length, new InetSocketAddress(c.localAddress, port)))
    }
    def got = reader.waitFor(45)

    then:
    got.size() == 45
    got.every { entry ->
      int sender = new String(entry[0] as byte[]).split(' from ')[1] as int
      entry[1] == new InetSocketAddress(clients[sender].localAddress, clients[sender].localPort)
    }

    when: 'each datagram goes back to the sender the socket named'
    got.each { entry -> reader.socket.send(entry[0] as byte[], entry[1] as InetSocketAddress) }

    then: 'each client gets back exactly what it sent'
    (0..<3).every { k ->
      receive(clients[k], 15).sort() == (0..<45).findAll { it % 3 == k }.collect { "${it} from ${k}".toString() }.sort()
    }

    cleanup:
    clients*.close()
    reader?.close()

    where:
    io << KINDS
  }

  def "a #io socket takes the largest UDP datagram whole, and one of no bytes at all"() {
    given:
    def reader = new Reader(open(io, '127.0.0.1'))
    def client = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    client.sendBufferSize = 1 << 20
    def target = reader.socket.localAddress()
    byte[] big = new byte[65507]
    new Random(7).nextBytes(big)

    when:
    client.send(new DatagramPacket(big, big.length, target))
    client.send(new DatagramPacket(new byte[0], 0, target))
    def got = reader.waitFor(2)

    then:
    (got[0][0] as byte[]) == big
    (got[1][0] as byte[]).length == 0

    cleanup:
    client?.close()
    reader?.close()

    where:
    io << KINDS
  }

  def "closing a #io socket ends a reader that is waiting, and sends after it fail as closed"() {
    given:
    def reader = new Reader(open(io, '127.0.0.1'))
    Thread.sleep(100)

    when:
    reader.close()

    then:
    !reader.thread.alive
    reader.ended instanceof ClosedChannelException

    when:
    reader.socket.send('late'.bytes, new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 9))

    then:
    thrown(ClosedChannelException)

    where:
    io << KINDS
  }

  def "a #io socket on a port already taken fails with the kernel's reason, which the server turns into advice"() {
    given:
    def first = open(io, '127.0.0.1')

    when:
    open(io, '127.0.0.1', first.localAddress().port)

    then:
    def e = thrown(BindException)
    e.message.toLowerCase().contains('in use')

    cleanup:
    first?.close()

    where:
    io << KINDS
  }

  def "a #io socket reports the receive buffer it asked for, as the JDK reports it"() {
    given:
    def socket = open(io, '127.0.0.1')

    expect:
    socket.receiveBuffer() == Math.min(1 << 20, maxReceiveBuffer())

    cleanup:
    socket?.close()

    where:
    io << KINDS
  }

  def "a server on a #io socket sends a burst of replies of many sizes, each whole and to its own question"() {
    given: 'names whose TXT records grow by 6 bytes from one to the next'
    def zone = '$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 hostmaster 1 7200 3600 1209600 60\n@ NS ns1\nns1 A 192.0.2.53\n' +
        (1..40).collect { "t${it} TXT \"${'x' * (it * 6)}\"" }.join('\n') + '\n'
    def server = TestServer.withZones([zone], [udpIo: io])
    def client = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    client.soTimeout = 5000
    def target = new InetSocketAddress(InetAddress.getByName('127.0.0.1'), server.port)

    when: 'all 40 questions at once, then all 40 again'
    def sizes = [:]
    2.times {
      (1..40).each { i ->
        byte[] q = Wire.query("t${i}.example.net", Type.TXT, [id: i, edns: 1232])
        client.send(new DatagramPacket(q, q.length, target))
      }
      40.times {
        def p = new DatagramPacket(new byte[2048], 2048)
        client.receive(p)
        def m = new org.xbill.DNS.Message(Arrays.copyOf(p.data, p.length))
        sizes[m.header.ID] = (sizes[m.header.ID] ?: []) + [m.getSection(Section.ANSWER)[0].strings.join().length()]
      }
    }

    then:
    sizes == (1..40).collectEntries { [it, [it * 6, it * 6]] }

    cleanup:
    client?.close()
    server?.close()

    where:
    io << KINDS
  }

  def "a server on a #io socket answers from its zones, and keeps answering after a burst larger than a batch"() {
    given:
    def server = TestServer.withZones(['''
$ORIGIN example.net.
$TTL 60
@   SOA ns1 hostmaster 1 7200 3600 1209600 60
@   NS  ns1
ns1 A   192.0.2.53
www A   192.0.2.80
'''], [udpIo: io])
    def client = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    client.soTimeout = 5000
    def target = new InetSocketAddress(InetAddress.getByName('127.0.0.1'), server.port)

    when:
    (1..100).each { i -> client.send(new DatagramPacket(Wire.query('www.example.net', Type.A, [id: i]), 0, Wire.query('www.example.net', Type.A, [id: i]).length, target)) }
    def ids = (1..100).collect {
      def p = new DatagramPacket(new byte[512], 512)
      client.receive(p)
      def m = new org.xbill.DNS.Message(Arrays.copyOf(p.data, p.length))
      assert m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.80']
      m.header.ID
    }
    def last = Wire.udp(server.port, Wire.query('nothing.example.net'))

    then:
    ids.sort() == (1..100).toList()
    last.rcode == Rcode.NXDOMAIN

    cleanup:
    client?.close()
    server?.close()

    where:
    io << KINDS
  }

  static int maxReceiveBuffer() {
    def f = new File('/proc/sys/net/core/rmem_max')
    f.exists() ? f.text.trim() as int : Integer.MAX_VALUE
  }
}
