package org.loomdns.forward

import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import org.loomdns.support.FakeUpstream
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.Requires
import spock.lang.Specification

/** The long-lived upstream query sockets: replies matched by source, ID and question; sockets renewed. */
class QueryPortsSpec extends Specification {

  @AutoCleanup
  FakeUpstream upstream

  static Message question(String name) {
    Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN))
  }

  static long inMillis(long ms) { System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms) }

  static List<String> answers(Message m) { m.getSection(Section.ANSWER)*.rdataToString() }

  /**
   * Answers {@code name} with {@code address} from a thread of its own once {@code hold} returns,
   * then runs {@code sent}; every other question at once.
   */
  static FakeUpstream holding(String name, String address, Closure hold, Closure sent = {}) {
    new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      if (q.question.name.toString() == name) {
        Thread.startVirtualThread { hold(); u.send(FakeUpstream.answer(q, address), from); sent() }
      } else {
        u.send(FakeUpstream.answer(q), from)
      }
    })
  }

  /** Whether the port is free within two seconds: a channel's close completes when its reader leaves it. */
  static boolean freeSoon(int port) {
    for (int i = 0; i < 100; i++) {
      if (free(port)) return true
      Thread.sleep(20)
    }
    false
  }

  /** Whether nothing holds this UDP port on the wildcard address now. */
  static boolean free(int port) {
    try {
      new DatagramSocket(new InetSocketAddress('0.0.0.0', port)).close()
      true
    } catch (SocketException ignored) {
      false
    }
  }

  def "a reply #how never counts: #outcome"() {
    given:
    upstream = new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      ForwardResolverSpec.SPOOFS[how].call(q, from, u)
      if (genuine) {
        Thread.sleep(50)
        u.send(FakeUpstream.answer(q), from)
      }
    })
    def ports = new QueryPorts(1, 100, Duration.ofMinutes(1))

    when:
    def got
    try {
      got = answers(ports.ask(upstream.address, question('spoofed.example.'), inMillis(genuine ? 2000 : 300)))
    } catch (Exchange.Timeout ignored) {
      got = 'timeout'
    }

    then:
    got == (genuine ? ['192.0.2.1'] : 'timeout')
    ports.waiting() == 0

    cleanup:
    ports?.close()

    where:
    [how, genuine] << [ForwardResolverSpec.SPOOFS.keySet(), [true, false]].combinations()
    outcome = genuine ? 'the genuine reply after it answers the question' : 'alone, the question times out'
  }

  def "questions in flight on one socket each get their own reply, however the upstream orders them"() {
    given: 'an upstream that holds every reply until it has 8 questions, then answers them last first'
    def held = Collections.synchronizedList([])
    upstream = new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      held << [q, from]
      if (held.size() == 8) {
        held.reverse().eachWithIndex { pair, i -> u.send(FakeUpstream.answer(pair[0], "192.0.2.${i + 1}"), pair[1]) }
      }
    })
    def ports = new QueryPorts(1, 100, Duration.ofMinutes(1))

    when:
    Map<String, List<String>> got = Collections.synchronizedMap([:])
    def threads = (1..8).collect { n ->
      Thread.startVirtualThread { got["q${n}.example."] = answers(ports.ask(upstream.address, question("q${n}.example."), inMillis(5000))) }
    }
    threads*.join(10_000)

    then: 'one socket served them all, and each answer is the one the upstream gave its question'
    ports.opened() == 1
    upstream.sources*.port.toSet().size() == 1
    got.size() == 8
    def expected = held.reverse().withIndex().collectEntries { pair, i -> [(pair[0].question.name.toString()): ["192.0.2.${i + 1}".toString()]] }
    got == expected
  }

  def "a socket is replaced by one on a new random port after #uses questions, and closed once it is done"() {
    given:
    upstream = FakeUpstream.good()
    def ports = new QueryPorts(1, uses, Duration.ofHours(1))

    when:
    (1..3 * uses).each { assert answers(ports.ask(upstream.address, question("r${it}.example."), inMillis(2000))) == ['192.0.2.1'] }

    then: 'three sockets, each used for exactly its share of questions, in turn'
    ports.opened() == 3
    upstream.sources*.port.collate(uses).every { it.toSet().size() == 1 }
    upstream.sources*.port.toSet().size() == 3

    and: 'the two retired ones are closed'
    upstream.sources*.port.unique().take(2).every { freeSoon(it) }

    cleanup:
    ports?.close()

    where:
    uses << [1, 5]
  }

  def "a socket older than its age limit is replaced at its next question"() {
    given:
    upstream = FakeUpstream.good()
    def ports = new QueryPorts(1, 1000, Duration.ofMillis(200))

    when:
    ports.ask(upstream.address, question('a.example.'), inMillis(2000))
    ports.ask(upstream.address, question('b.example.'), inMillis(2000))
    Thread.sleep(300)
    ports.ask(upstream.address, question('c.example.'), inMillis(2000))

    then:
    ports.opened() == 2
    upstream.sources[0].port == upstream.sources[1].port
    upstream.sources[2].port != upstream.sources[0].port

    cleanup:
    ports?.close()
  }

  def "a retired socket stays open for the question still waiting on it, which gets its reply"() {
    given: 'an upstream that answers the first question late, the others at once; one use per socket'
    def slow = new CountDownLatch(1)
    upstream = holding('slow.example.', '192.0.2.9', { slow.await(5, TimeUnit.SECONDS) })
    def ports = new QueryPorts(1, 1, Duration.ofHours(1))

    when: 'the slow question waits while another renews the socket'
    List<String> first = null
    def waiting = Thread.startVirtualThread { first = answers(ports.ask(upstream.address, question('slow.example.'), inMillis(5000))) }
    for (int i = 0; i < 500 && upstream.count < 1; i++) Thread.sleep(10)
    def second = answers(ports.ask(upstream.address, question('fast.example.'), inMillis(2000)))
    def oldPort = upstream.sources[0].port
    def stillOpen = !free(oldPort)
    slow.countDown()
    waiting.join(5000)

    then:
    second == ['192.0.2.1']
    stillOpen
    first == ['192.0.2.9']
    freeSoon(oldPort)

    cleanup:
    ports?.close()
  }

  def "a reply that comes after its question timed out is dropped, and nothing waits on"() {
    given: 'an upstream that answers the first question after 500 ms, the next at once'
    def late = new CountDownLatch(1)
    upstream = holding('late.example.', '192.0.2.66', { Thread.sleep(500) }, { late.countDown() })
    def ports = new QueryPorts(1, 100, Duration.ofHours(1))

    when:
    ports.ask(upstream.address, question('late.example.'), inMillis(100))

    then:
    thrown(Exchange.Timeout)
    ports.waiting() == 0

    when: 'the late reply arrives on the same socket, and another question follows'
    late.await(5, TimeUnit.SECONDS)
    def next = answers(ports.ask(upstream.address, question('next.example.'), inMillis(2000)))

    then: 'the next question gets its own answer, and nothing is left waiting'
    next == ['192.0.2.1']
    upstream.sources*.port.toSet().size() == 1
    ports.waiting() == 0

    cleanup:
    ports?.close()
  }

  def "a socket closed by an asker's interrupt is replaced at the next question"() {
    given:
    upstream = FakeUpstream.good()
    def ports = new QueryPorts(1, 100, Duration.ofHours(1))
    ports.ask(upstream.address, question('a.example.'), inMillis(2000))

    when: 'an interrupted asker sends, which closes the shared channel'
    Throwable failed = null
    def t = Thread.startVirtualThread {
      Thread.currentThread().interrupt()
      try {
        ports.ask(upstream.address, question('b.example.'), inMillis(2000))
      } catch (IOException e) {
        failed = e
      }
    }
    t.join(5000)
    def next = answers(ports.ask(upstream.address, question('c.example.'), inMillis(2000)))

    then:
    failed != null
    next == ['192.0.2.1']
    ports.opened() == 2

    cleanup:
    ports?.close()
  }

  def "after close no socket is handed out and every one is closed"() {
    given:
    upstream = FakeUpstream.good()
    def ports = new QueryPorts(2, 100, Duration.ofHours(1))
    ports.ask(upstream.address, question('a.example.'), inMillis(2000))
    def used = upstream.sources[0].port

    when:
    ports.close()
    ports.ask(upstream.address, question('b.example.'), inMillis(2000))

    then:
    thrown(IOException)
    freeSoon(used)
    upstream.count == 1
  }

  @Requires({ FakeUpstream.ipv6() })
  def "a question to an IPv6 upstream goes from an IPv6 socket"() {
    given:
    upstream = FakeUpstream.good('::1')
    def ports = new QueryPorts(1, 100, Duration.ofHours(1))

    expect:
    answers(ports.ask(upstream.address, question('six.example.'), inMillis(2000))) == ['192.0.2.1']
    upstream.sources[0].address instanceof Inet6Address
    upstream.queries[0].header.getFlag(Flags.RD)

    cleanup:
    ports?.close()
  }
}
