package org.loomdns.ratelimit

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import org.loomdns.stats.Drops
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * Response rate limiting on a real server: bursts of queries from 127.0.0.1 (loopback is 127/8,
 * so 127.0.1.1 is another /24), counted by what comes back and by the server's drop counts.
 * Counts are bounded by the allowance the elapsed seconds give; no duration is asserted.
 */
class RateLimitSpec extends Specification {

  static final int RATE = 10
  static final int BURST = 3_000

  TestServer server

  def cleanup() {
    server?.close()
  }

  TestServer serve(Map opts) {
    server = TestServer.withZones([Files.readString(Path.of('zones/example.com.zone'))], [rateLimit: RATE] + opts)
  }

  def "a burst of 3,000 queries for one name gets about --rate-limit answers and every second limited reply slipped (#path)"() {
    given:
    serve([packetCache: packetCache])

    when:
    Burst b = burst('127.0.0.1', (1..BURST).collect { Wire.query('www.example.com.', Type.A, [id: it]) })
    long slipped = server.server.drops().get(Drops.Kind.RATE_LIMITED_SLIPPED)
    long dropped = server.server.drops().get(Drops.Kind.RATE_LIMITED_DROPPED)
    long answeredByServer = BURST - slipped - dropped

    then: 'what the server let go is within the allowance of the seconds the burst took'
    server.server.drops().get(Drops.Kind.UDP_OVER_CAP) == 0
    answeredByServer >= RATE
    answeredByServer <= b.allowance(RATE)
    b.full().size() <= answeredByServer
    b.full().every { it.getSection(Section.ANSWER).size() == 1 }

    and: 'with --rate-limit-slip 2, half of the limited replies went out truncated: TC, the question, no records'
    Math.abs(slipped - dropped) <= b.seconds() + 1
    b.truncated().size() >= slipped * 0.9
    b.truncated().every { slip ->
      slip.question.name.toString() == 'www.example.com.' &&
          [Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL].every { slip.getSection(it).isEmpty() }
    }

    where:
    path                             | packetCache
    'packet cache hits'              | 100_000
    'no packet cache: the full path' | 0
  }

  def "with --rate-limit-slip 0 every limited reply is dropped"() {
    given:
    serve([rateLimitSlip: 0])

    when:
    Burst b = burst('127.0.0.1', (1..BURST).collect { Wire.query('www.example.com.', Type.A, [id: it, edns: 1232]) })

    then:
    b.truncated().isEmpty()
    b.full().size() >= 1
    b.full().size() <= b.allowance(RATE)
    server.server.drops().get(Drops.Kind.RATE_LIMITED_SLIPPED) == 0
    server.server.drops().get(Drops.Kind.RATE_LIMITED_DROPPED) >= BURST - b.allowance(RATE)
  }

  def "TCP is never limited: 300 queries on one connection get 300 answers"() {
    given:
    serve([:])
    def socket = Wire.tcp(server.port)

    when:
    List<Message> replies = (1..300).collect {
      socket.outputStream.write(Wire.framed(Wire.query('www.example.com.', Type.A, [id: it])))
      Wire.readFramed(socket)
    }

    then:
    replies.every { !it.header.getFlag(Flags.TC) && it.getSection(Section.ANSWER).size() == 1 }
    server.server.drops().get(Drops.Kind.RATE_LIMITED_DROPPED) == 0
    server.server.drops().get(Drops.Kind.RATE_LIMITED_SLIPPED) == 0

    cleanup:
    socket?.close()
  }

  def "NXDOMAIN for 1,000 random names under one zone share one bucket"() {
    given:
    serve([:])
    def random = new Random(7)

    when:
    Burst b = burst('127.0.0.1', (1..1_000).collect {
      Wire.query("r${random.nextInt(1 << 30)}.example.com.", Type.A, [id: it])
    })

    then:
    b.full().every { it.rcode == Rcode.NXDOMAIN }
    b.full().size() >= 1
    b.full().size() <= b.allowance(RATE)
    !b.truncated().isEmpty()
  }

  def "errors for many names share the client network's bucket and are never slipped"() {
    given:
    serve([:])

    when: 'names in no zone of ours: REFUSED'
    Burst b = burst('127.0.0.1', (1..1_000).collect { Wire.query("n${it}.elsewhere.test.", Type.A, [id: it]) })

    then:
    b.replies.every { it.rcode == Rcode.REFUSED }
    b.replies.size() >= 1
    b.replies.size() <= b.allowance(RATE)
    b.truncated().isEmpty()
  }

  def "after a flood from 127.0.0.1, 127.0.0.2 in the same /24 is limited and 127.0.1.1 in another is answered"() {
    given:
    serve([:])
    burst('127.0.0.1', (1..BURST).collect { Wire.query('www.example.com.', Type.A, [id: it]) })

    when:
    List<Message> sameNetwork = (1..5).collect { ask('127.0.0.2') }
    List<Message> otherNetwork = (1..5).collect { ask('127.0.1.1') }

    then:
    sameNetwork.every { it == null || it.header.getFlag(Flags.TC) }
    otherNetwork.every { it != null && !it.header.getFlag(Flags.TC) && it.getSection(Section.ANSWER).size() == 1 }
  }

  /** One query for www.example.com from {@code from}; the reply, or null when none came. */
  Message ask(String from) {
    def socket = new DatagramSocket(new InetSocketAddress(from, 0))
    try {
      socket.soTimeout = 500
      byte[] q = Wire.query('www.example.com.', Type.A)
      socket.send(new DatagramPacket(q, q.length, InetAddress.getByName('127.0.0.1'), server.port))
      def p = new DatagramPacket(new byte[4096], 4096)
      socket.receive(p)
      new Message(Arrays.copyOf(p.data, p.length))
    } catch (SocketTimeoutException ignored) {
      null
    } finally {
      socket.close()
    }
  }

  /**
   * Sends {@code queries} as fast as one socket bound to {@code from} can while another thread
   * reads the replies, until none has come for a second (30 seconds at most).
   */
  Burst burst(String from, List<byte[]> queries) {
    def socket = new DatagramSocket(new InetSocketAddress(from, 0))
    socket.receiveBufferSize = 4 << 20
    socket.soTimeout = 1000
    List<Message> replies = Collections.synchronizedList([])
    def sending = new AtomicBoolean(true)
    long start = System.nanoTime()
    def reader = Thread.startVirtualThread {
      def p = new DatagramPacket(new byte[4096], 4096)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
      while (System.nanoTime() < deadline) {
        try {
          socket.receive(p)
          replies << new Message(Arrays.copyOf(p.data, p.length))
        } catch (SocketTimeoutException ignored) {
          if (!sending.get()) {
            break
          }
        }
      }
    }
    def to = InetAddress.getByName('127.0.0.1')
    queries.each { socket.send(new DatagramPacket(it, it.length, to, server.port)) }
    sending.set(false)
    reader.join(35_000)
    long elapsed = System.nanoTime() - start
    socket.close()
    new Burst(replies: new ArrayList<>(replies), nanos: elapsed)
  }

  static class Burst {
    List<Message> replies
    long nanos

    List<Message> full() { replies.findAll { !it.header.getFlag(Flags.TC) } }

    List<Message> truncated() { replies.findAll { it.header.getFlag(Flags.TC) } }

    /** Whole seconds the burst may have touched, counting the one it began in. */
    long seconds() { TimeUnit.NANOSECONDS.toSeconds(nanos) + 2 }

    /** The most one bucket may answer in those seconds: its rate in each. */
    long allowance(int rate) { rate * seconds() }
  }
}
