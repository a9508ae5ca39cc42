package org.loomdns.support

import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Section
import org.xbill.DNS.Type

/**
 * A scripted upstream resolver on 127.0.0.1: a UDP socket (and a TCP listener on the same port)
 * that hands every query to a behaviour closure. The closure gets the query, where it came from
 * and this upstream, and replies as it likes (or not at all) with {@link #send}. Its loops are
 * bounded in count and stop when it is closed.
 */
class FakeUpstream implements AutoCloseable {

  static final int MAX_QUERIES = 5000

  final DatagramSocket udp
  final ServerSocket tcp
  final List<Message> queries = new CopyOnWriteArrayList<>()
  final List<InetSocketAddress> sources = new CopyOnWriteArrayList<>()
  final AtomicInteger tcpQueries = new AtomicInteger()
  /** Replaceable while running: how this upstream treats each UDP query. */
  volatile Closure behaviour
  /** How TCP queries are answered: by default, the genuine answer. */
  volatile Closure tcpBehaviour = { Message q -> answer(q) }
  private volatile boolean closed
  private final List<Thread> threads = []

  FakeUpstream(Closure behaviour, String address = '127.0.0.1') {
    this.behaviour = behaviour
    this.udp = new DatagramSocket(new InetSocketAddress(address, 0))
    this.udp.soTimeout = 200
    this.tcp = bindTcp(address, udp.localPort)
    threads << Thread.startVirtualThread { serveUdp() }
    if (tcp != null) threads << Thread.startVirtualThread { serveTcp() }
  }

  private static ServerSocket bindTcp(String address, int port) {
    try {
      def s = new ServerSocket()
      s.bind(new InetSocketAddress(address, port))
      s.soTimeout = 200
      s
    } catch (IOException ignored) {
      null
    }
  }

  /** Answers every query at once with the genuine answer. */
  static FakeUpstream good(String address = '127.0.0.1') {
    new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u -> u.send(answer(q), from) }, address)
  }

  /** Whether this machine has an IPv6 loopback to test on. */
  static boolean ipv6() {
    try {
      new DatagramSocket(new InetSocketAddress('::1', 0)).close()
      true
    } catch (IOException ignored) {
      false
    }
  }

  /** Never answers. */
  static FakeUpstream silent() { new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u -> }) }

  /** Answers with nothing but this rcode. */
  static FakeUpstream rcode(int rcode) {
    new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      def m = reply(q); m.header.rcode = rcode; u.send(m, from)
    })
  }

  InetSocketAddress getAddress() { udp.localSocketAddress as InetSocketAddress }

  int getCount() { queries.size() }

  /** Every query asks for an A record; the genuine answer is 192.0.2.1 with TTL 300. */
  static Message answer(Message q, String address = '192.0.2.1', long ttl = 300) {
    def m = reply(q)
    def question = q.question
    if (question.type == Type.A) {
      m.addRecord(new ARecord(question.name, DClass.IN, ttl, InetAddress.getByName(address)), Section.ANSWER)
    }
    m
  }

  /** An empty response to {@code q}: same ID and question, QR and RA set. */
  static Message reply(Message q) {
    def m = new Message(q.header.ID)
    m.header.setFlag(Flags.QR)
    m.header.setFlag(Flags.RD)
    m.header.setFlag(Flags.RA)
    m.addRecord(q.question, Section.QUESTION)
    m
  }

  void send(Message m, InetSocketAddress to) {
    byte[] wire = m.toWire()
    udp.send(new DatagramPacket(wire, wire.length, to))
  }

  /** Sends from another socket of ours, so from another port (or address), as a spoofer would. */
  static void sendFrom(String address, Message m, InetSocketAddress to) {
    new DatagramSocket(new InetSocketAddress(address, 0)).withCloseable { s ->
      byte[] wire = m.toWire()
      s.send(new DatagramPacket(wire, wire.length, to))
    }
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535]
    while (!closed && queries.size() < MAX_QUERIES) {
      def packet = new DatagramPacket(buffer, buffer.length)
      try {
        udp.receive(packet)
      } catch (SocketTimeoutException ignored) {
        continue
      } catch (SocketException ignored) {
        return
      }
      def q = new Message(Arrays.copyOf(buffer, packet.length))
      def from = packet.socketAddress as InetSocketAddress
      queries << q
      sources << from
      try {
        behaviour.call(q, from, this)
      } catch (IOException ignored) {
        // a reply that could not go out is a reply not sent
      }
    }
  }

  private void serveTcp() {
    while (!closed && tcpQueries.get() < MAX_QUERIES) {
      Socket s
      try {
        s = tcp.accept()
      } catch (SocketTimeoutException ignored) {
        continue
      } catch (SocketException ignored) {
        return
      }
      s.withCloseable {
        s.soTimeout = 2000
        def input = new DataInputStream(s.inputStream)
        byte[] query = new byte[input.readUnsignedShort()]
        input.readFully(query)
        tcpQueries.incrementAndGet()
        Message reply = tcpBehaviour.call(new Message(query)) as Message
        byte[] wire = reply.toWire()
        def out = new DataOutputStream(s.outputStream)
        out.writeShort(wire.length)
        out.write(wire)
        out.flush()
      }
    }
  }

  @Override
  void close() {
    closed = true
    udp.close()
    tcp?.close()
    threads.each { it.join(TimeUnit.SECONDS.toMillis(2)) }
  }
}
