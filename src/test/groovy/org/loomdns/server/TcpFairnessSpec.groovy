package org.loomdns.server

import java.time.Duration
import java.util.concurrent.atomic.AtomicBoolean
import org.loomdns.chain.ResolverChain
import org.loomdns.stats.Drops
import org.loomdns.support.Dig
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * TCP slots go to clients that ask (RFC 7766 section 6.2.3): a message that is no query ends its
 * connection, only a whole query restarts the idle timer, and at the cap a new connection evicts
 * the longest-idle one. Both attacks that kept every slot before are replayed at a small cap.
 */
class TcpFairnessSpec extends Specification {

  static final String ZONE = ServerSpec.ZONE
  static final int CAP = 20
  static final int NORMAL_QUERIES = 10
  /** No attack here runs longer, whatever happens to the normal clients. */
  static final long ATTACK_MILLIS = 30_000

  def "a connection that sends #kind is closed after the answer to its earlier query, and counted"() {
    given:
    def server = TestServer.withZones([ZONE])
    def socket = Wire.tcp(server.port)

    when: 'a good query, then the bad message, on one connection'
    socket.outputStream.write(goodThenRaw(message))
    socket.outputStream.flush()
    def answer = Wire.readFramed(socket)
    def after = Wire.readFramed(socket)

    then:
    answer.rcode == Rcode.NOERROR
    after == null
    server.server.drops().get(Drops.Kind.TCP_BAD_MESSAGE) == 1

    cleanup:
    socket?.close()
    server?.close()

    where:
    kind                                   | message
    'a zero-length message'                | new byte[0]
    'a message shorter than a DNS header'  | [0x12, 0x34, 0x01, 0x00, 0x00] as byte[]
    'a response (QR set)'                  | response()
    'a header promising a missing question' | [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] as byte[]
    'a question cut inside its name'       | [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 0x65, 0x78] as byte[]
  }

  def "every slot taken by clients that #how keeps no normal TCP client out"() {
    given:
    def server = TestServer.withZones([ZONE], [maxTcpConnections: CAP, tcpIdleTimeout: Duration.ofSeconds(2)])
    def stop = new AtomicBoolean()
    def attackers = (1..CAP).collect { Thread.startVirtualThread { attacker(server.port, stop) } }
    Thread.sleep(500) // the attackers first

    when:
    int answered = normalQueries(server)
    String dig = Dig.available() ? server.dig('+tcp', '+short', 'www.example.org', 'A') : '192.0.2.80\n'

    then:
    answered == NORMAL_QUERIES
    dig.trim() == '192.0.2.80'
    server.server.drops().get(counted) > 0

    cleanup:
    stop?.set(true)
    attackers?.each { it.join(5000) }
    server?.close()

    where:
    how                                                   | attacker                              | counted
    'send zero-length messages, reconnecting when closed' | TcpFairnessSpec.&zeroLengthAttacker | Drops.Kind.TCP_BAD_MESSAGE
    'hold idle sockets, reopened as fast as closed'       | TcpFairnessSpec.&idleAttacker       | Drops.Kind.TCP_EVICTED
  }

  def "at the cap the longest-idle connection gives its slot to a new one, and a younger one stays"() {
    given:
    def server = TestServer.withZones([ZONE], [maxTcpConnections: 2])
    def oldest = Wire.tcp(server.port)
    Thread.sleep(50) // so that the first is plainly the longest idle
    def younger = Wire.tcp(server.port)
    Thread.sleep(50)

    when: 'asked at once: at the cap an idle connection has only the pressure timeout'
    def newcomer = Wire.tcp(server.port)
    def youngerAnswer = ask(younger)
    def newcomerAnswer = ask(newcomer)
    def oldestAfter = readOrClosed(oldest)

    then:
    newcomerAnswer.rcode == Rcode.NOERROR
    oldestAfter == null
    youngerAnswer.rcode == Rcode.NOERROR
    server.server.drops().get(Drops.Kind.TCP_EVICTED) == 1

    cleanup:
    [oldest, younger, newcomer].each { it?.close() }
    server?.close()
  }

  def "at the cap a connection that never asked is evicted before one that asked, though that one idled longer"() {
    given:
    def server = TestServer.withZones([ZONE], [maxTcpConnections: 2])
    def asker = Wire.tcp(server.port)
    def firstAnswer = ask(asker)
    def silent = Wire.tcp(server.port)
    Thread.sleep(50)

    when:
    def newcomer = Wire.tcp(server.port)
    def askerAgain = ask(asker)
    def newcomerAnswer = ask(newcomer)
    def silentAfter = readOrClosed(silent)

    then:
    firstAnswer.rcode == Rcode.NOERROR
    askerAgain.rcode == Rcode.NOERROR
    newcomerAnswer.rcode == Rcode.NOERROR
    silentAfter == null
    server.server.drops().get(Drops.Kind.TCP_EVICTED) == 1

    cleanup:
    [asker, silent, newcomer].each { it?.close() }
    server?.close()
  }

  def "at the cap with every connection answering a query, a new connection is closed and the answer still goes out"() {
    given:
    def held = new ShutdownSpec.Held()
    def server = TestServer.withChain(ResolverChain.builder().dynamic(held).build(), [maxTcpConnections: 1])
    def busy = Wire.tcp(server.port)
    busy.outputStream.write(Wire.framed(Wire.query('slow.example', Type.A)))
    held.arrived.await()

    when:
    def refused = Wire.tcp(server.port)
    def refusedReads = readOrClosed(refused)
    held.release.countDown()
    def busyAnswer = Wire.readFramed(busy)

    then:
    refusedReads == null
    busyAnswer.rcode == Rcode.NOERROR
    server.server.drops().get(Drops.Kind.TCP_OVER_CAP) == 1
    server.server.drops().get(Drops.Kind.TCP_EVICTED) == 0

    cleanup:
    held?.release?.countDown()
    [busy, refused].each { it?.close() }
    server?.close()
  }

  def "a connection idle past the timeout while its answer is being made gets the answer, then is closed"() {
    given:
    def held = new ShutdownSpec.Held()
    def server = TestServer.withChain(ResolverChain.builder().dynamic(held).build(), [tcpIdleTimeout: Duration.ofSeconds(1)])
    def client = Wire.tcp(server.port)
    client.outputStream.write(Wire.framed(Wire.query('slow.example', Type.A)))
    held.arrived.await()

    when: 'the answer comes only after the idle timeout has ended the reading'
    Thread.sleep(1800)
    held.release.countDown()
    def answer = Wire.readFramed(client)
    def after = Wire.readFramed(client)

    then:
    answer.rcode == Rcode.NOERROR
    after == null
    server.server.drops().get(Drops.Kind.TCP_IDLE) == 1

    cleanup:
    held?.release?.countDown()
    client?.close()
    server?.close()
  }

  def "with more than half the slots taken an idle connection is closed long before the idle timeout"() {
    given: 'an idle timeout far past the read timeout of the client sockets'
    def server = TestServer.withZones([ZONE], [maxTcpConnections: 2, tcpIdleTimeout: Duration.ofSeconds(60)])
    def first = Wire.tcp(server.port)
    def second = Wire.tcp(server.port)

    when: 'the first asks once while both are open, then idles'
    def answer = ask(first)
    def after = Wire.readFramed(first)

    then:
    answer.rcode == Rcode.NOERROR
    after == null
    server.server.drops().get(Drops.Kind.TCP_IDLE) >= 1

    cleanup:
    [first, second].each { it?.close() }
    server?.close()
  }

  private static byte[] goodThenRaw(byte[] message) {
    def out = new ByteArrayOutputStream()
    out.write(Wire.framed(Wire.query('www.example.org', Type.A)))
    out.write(message.length >>> 8)
    out.write(message.length & 0xff)
    out.write(message)
    out.toByteArray()
  }

  private static byte[] response() {
    byte[] q = Wire.query('www.example.org', Type.A)
    q[2] = (byte) (q[2] | 0x80)
    q
  }

  private static ask(Socket s) {
    s.outputStream.write(Wire.framed(Wire.query('www.example.org', Type.A)))
    s.outputStream.flush()
    Wire.readFramed(s)
  }

  /** Null when the server closed the connection (cleanly or with a reset). */
  private static readOrClosed(Socket s) {
    try {
      Wire.readFramed(s)
    } catch (SocketException ignored) {
      null
    }
  }

  /** Normal dnsjava TCP queries, one after another; how many got their answer. */
  private static int normalQueries(TestServer server) {
    int answered = 0
    NORMAL_QUERIES.times {
      try {
        if (server.query('www.example.org', Type.A, [tcp: true]).rcode == Rcode.NOERROR) {
          answered++
        }
      } catch (IOException ignored) {
        // not answered: counted by its absence
      }
    }
    answered
  }

  /** Sends two zero bytes every 200 ms; when closed, connects again at once. */
  private static void zeroLengthAttacker(int port, AtomicBoolean stop) {
    long end = System.currentTimeMillis() + ATTACK_MILLIS
    while (!stop.get() && System.currentTimeMillis() < end) {
      try (def s = new Socket('127.0.0.1', port)) {
        while (!stop.get() && System.currentTimeMillis() < end) {
          s.outputStream.write([0, 0] as byte[])
          s.outputStream.flush()
          Thread.sleep(200)
        }
      } catch (IOException ignored) {
        // closed by the server: take the slot again
      }
    }
  }

  /** Connects, sends nothing, waits for the server to close; then connects again at once. */
  private static void idleAttacker(int port, AtomicBoolean stop) {
    long end = System.currentTimeMillis() + ATTACK_MILLIS
    while (!stop.get() && System.currentTimeMillis() < end) {
      try (def s = new Socket('127.0.0.1', port)) {
        s.soTimeout = 200
        while (!stop.get() && System.currentTimeMillis() < end) {
          try {
            if (s.inputStream.read() < 0) {
              break
            }
          } catch (SocketTimeoutException ignored) {
            // still open: keep holding it
          }
        }
      } catch (IOException ignored) {
        // reset by the server: take the slot again
      }
    }
  }
}
