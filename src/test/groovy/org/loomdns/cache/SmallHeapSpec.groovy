package org.loomdns.cache

import java.nio.file.Files
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import org.loomdns.support.FakeUpstream
import org.loomdns.support.ForwardZones
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * loomdns in its own JVM with a small heap, a cache with its default bound, and an upstream whose
 * every answer is some 32 KB: a flood of distinct names must not fill the heap. Before the cache
 * was bounded in bytes, 10,000 such entries were allowed, some 600 MB of heap, and such a server
 * stopped answering altogether.
 */
class SmallHeapSpec extends Specification {

  static final int NAMES = 3000
  static final int TXT_RECORDS = 124 // of 250 bytes: some 32 KB on the wire, 61 KB of heap once cached
  static final List<String> STRINGS = (1..TXT_RECORDS).collect { n -> (n.toString() * 250).take(250) }

  FakeUpstream upstream
  LoomProcess loom

  def cleanup() {
    loom?.close()
    upstream?.close()
  }

  /** Truncated over UDP, so the forwarder asks again over TCP, where the whole 32 KB comes. */
  static FakeUpstream large() {
    def u = new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream us ->
      def m = FakeUpstream.reply(q)
      m.header.setFlag(Flags.TC)
      us.send(m, from)
    })
    u.tcpBehaviour = { Message q ->
      def m = FakeUpstream.reply(q)
      STRINGS.each { m.addRecord(new TXTRecord(q.question.name, DClass.IN, 3600, it), Section.ANSWER) }
      m
    }
    u
  }

  static Message ask(int port, String name, int type, boolean tcp) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.TCP = tcp
    r.timeout = java.time.Duration.ofSeconds(5)
    r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)))
  }

  static boolean zoneAnswers(int port, boolean tcp) {
    try {
      def m = ask(port, 'nas.home.test.', Type.A, tcp)
      m.rcode == Rcode.NOERROR && m.getSection(Section.ANSWER)*.rdataToString() == ['192.168.1.10']
    } catch (IOException ignored) {
      false
    }
  }

  def "with a 128 MB heap, 3000 distinct 32 KB answers leave the server answering its zone over UDP and TCP"() {
    given:
    upstream = large()
    def zone = Scratch.file('home.test', '.zone')
    Files.writeString(zone, ForwardZones.OWN)
    int port = LoomProcess.freePort()
    loom = LoomProcess.start(['--port', port, '--interface', '127.0.0.1', '--bindzone', zone,
                              '--forward', "127.0.0.1:${upstream.address.port}", '--cache',
                              '--forward-timeout', 3000, '--forward-budget', 6000],
        new File('.'), ['-Xmx128m'])
    assert loom.awaitOutput('serving with stages', 60)

    when: 'every name asked once over TCP, 16 at a time'
    def answered = new AtomicInteger()
    def pool = Executors.newFixedThreadPool(16)
    (1..NAMES).each { n ->
      pool.submit {
        try {
          def m = ask(port, "n${n}.big.test.", Type.TXT, true)
          if (m.rcode == Rcode.NOERROR && m.getSection(Section.ANSWER).size() == TXT_RECORDS) answered.incrementAndGet()
        } catch (IOException ignored) {
          // counted by its absence
        }
      }
    }
    pool.shutdown()
    boolean finished = pool.awaitTermination(240, TimeUnit.SECONDS)

    then: 'most were answered, and the zone still is, over both transports'
    finished
    answered.get() > NAMES / 2
    zoneAnswers(port, false)
    zoneAnswers(port, true)
    loom.process.alive
    !loom.output.contains('OutOfMemoryError')

    when:
    loom.signal('TERM')

    then: 'it still stops when told'
    loom.awaitExit(30) == 0
  }
}
