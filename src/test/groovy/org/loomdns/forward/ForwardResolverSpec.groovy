package org.loomdns.forward

import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import org.loomdns.support.FakeUpstream
import org.loomdns.support.ForwardZones
import org.loomdns.support.TestServer
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.IgnoreIf
import spock.lang.Specification

class ForwardResolverSpec extends Specification {

  /** Long enough for a loaded machine to answer, short enough for failover tests to run in seconds. */
  static ForwardSettings quick() {
    ForwardSettings.defaults()
        .withTimeout(Duration.ofMillis(1000)).withBudget(Duration.ofMillis(2500))
        .withProbeInterval(Duration.ofMillis(200))
  }

  /** For the tests where every wait ends in a timeout. */
  static ForwardSettings impatient() {
    quick().withTimeout(Duration.ofMillis(300)).withBudget(Duration.ofMillis(800))
  }

  List<AutoCloseable> closing = []

  def cleanup() {
    closing.each { it.close() }
  }

  private <T extends AutoCloseable> T later(T c) { closing.add(0, c); c }

  TestServer front(List<InetSocketAddress> upstreams, ForwardSettings settings = quick()) {
    def forwarder = later(ForwardResolver.to(upstreams, settings))
    later(TestServer.withZones([ForwardZones.OWN], [forwarder: forwarder]))
  }

  def "a name outside our zones is answered through a real upstream, with RA and without AA"() {
    given:
    def upstream = later(TestServer.withZones([ForwardZones.UPSTREAM]))
    def s = front([new InetSocketAddress('127.0.0.1', upstream.port)])

    when:
    def m = s.query('www.example.test.')

    then:
    m.rcode == Rcode.NOERROR
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.80']
    m.header.getFlag(Flags.RA)
    !m.header.getFlag(Flags.AA)
  }

  def "our own zone is answered by authority, never shadowed by the upstream"() {
    given:
    def upstream = later(FakeUpstream.good())
    def s = front([upstream.address])

    when:
    def m = s.query('nas.home.test.')

    then:
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.168.1.10']
    m.header.getFlag(Flags.AA)
    m.header.getFlag(Flags.RA)
    upstream.count == 0
  }

  def "the upstream's #name passes through as it is"() {
    given:
    def upstream = later(TestServer.withZones([ForwardZones.UPSTREAM]))
    def bad = later(FakeUpstream.rcode(rcode))
    def s = front(real ? [new InetSocketAddress('127.0.0.1', upstream.port)] : [bad.address])

    when:
    def m = s.query(query)

    then:
    m.rcode == rcode
    !m.header.getFlag(Flags.AA)

    where:
    name       | rcode          | real  | query
    'NXDOMAIN' | Rcode.NXDOMAIN | true  | 'nothing.example.test.'
    'SERVFAIL' | Rcode.SERVFAIL | false | 'www.example.test.'
    'REFUSED'  | Rcode.REFUSED  | false | 'www.example.test.'
  }

  def "a negative answer from upstream carries the zone's SOA"() {
    given:
    def upstream = later(TestServer.withZones([ForwardZones.UPSTREAM]))
    def s = front([new InetSocketAddress('127.0.0.1', upstream.port)])

    when:
    def m = s.query('www.example.test.', Type.AAAA)

    then:
    m.rcode == Rcode.NOERROR
    m.getSection(Section.ANSWER).isEmpty()
    m.getSection(Section.AUTHORITY)*.type == [Type.SOA]
  }

  def "with every upstream silent the client gets SERVFAIL, not silence"() {
    given:
    def a = later(FakeUpstream.silent())
    def b = later(FakeUpstream.silent())
    def s = front([a.address, b.address], impatient())
    def client = s.resolver()
    client.timeout = Duration.ofSeconds(10)

    when:
    def m = client.send(Message.newQuery(Record.newRecord(Name.fromString('slow.example.'), Type.A, DClass.IN)))

    then:
    m.rcode == Rcode.SERVFAIL
    a.count >= 1
    b.count >= 1
  }

  @IgnoreIf({ !FakeUpstream.ipv6() })
  def "an upstream on IPv6 is asked over IPv6"() {
    given:
    def upstream = later(FakeUpstream.good('::1'))
    def s = front([ForwardResolver.parseUpstream("[::1]:${upstream.address.port}")])

    when:
    def m = s.query('six.example.')

    then:
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1']
    upstream.sources.every { it.address instanceof Inet6Address }
  }

  def "an upstream that truncates and has no TCP gives SERVFAIL"() {
    given:
    def upstream = later(new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      def m = FakeUpstream.reply(q)
      m.header.setFlag(Flags.TC)
      u.send(m, from)
    }))
    upstream.tcp.close()
    def s = front([upstream.address], impatient())

    expect:
    s.query('big.example.').rcode == Rcode.SERVFAIL
  }

  def "an upstream that knows no EDNS (FORMERR without OPT) is asked again without it"() {
    given:
    def upstream = later(new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      if (q.OPT != null) {
        def m = FakeUpstream.reply(q); m.header.rcode = Rcode.FORMERR; u.send(m, from)
      } else {
        u.send(FakeUpstream.answer(q), from)
      }
    }))
    def s = front([upstream.address])

    when:
    def m = s.query('old.example.')

    then:
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1']
    upstream.queries*.OPT.collect { it != null } == [true, false]
  }

  def "a client's DO bit goes upstream, and DO and plain questions are fetched apart"() {
    given:
    def upstream = later(FakeUpstream.good())
    def s = front([upstream.address])
    def dnssec = s.resolver()
    dnssec.setEDNS(0, 1232, ExtendedFlags.DO, [])

    when:
    dnssec.send(Message.newQuery(Record.newRecord(Name.fromString('signed.example.'), Type.A, DClass.IN)))
    s.query('signed.example.')

    then:
    upstream.queries*.OPT*.flags.collect { (it & ExtendedFlags.DO) != 0 } == [true, false]
  }

  def "a truncated reply is asked again over TCP"() {
    given:
    def upstream = later(new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      def m = FakeUpstream.reply(q)
      m.header.setFlag(Flags.TC)
      u.send(m, from)
    }))
    def s = front([upstream.address])

    when:
    def m = s.query('big.example.')

    then:
    m.rcode == Rcode.NOERROR
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1']
    upstream.tcpQueries.get() == 1
  }

  def "a reply #how is ignored and the genuine one that follows is taken"() {
    given:
    def upstream = later(new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      spoof(q, from, u)
      Thread.sleep(100)
      u.send(FakeUpstream.answer(q), from)
    }))
    def s = front([upstream.address])

    when:
    def m = s.query('spoofed.example.')

    then:
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1']

    where:
    how << SPOOFS.keySet()
    spoof << SPOOFS.values()
  }

  def "a reply #how alone never counts: the client gets SERVFAIL"() {
    given:
    def upstream = later(new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u -> spoof(q, from, u) }))
    def s = front([upstream.address], impatient())

    when:
    def m = s.query('spoofed.example.')

    then:
    m.rcode == Rcode.SERVFAIL
    m.getSection(Section.ANSWER).isEmpty()

    where:
    how << SPOOFS.keySet()
    spoof << SPOOFS.values()
  }

  /** Bogus replies, each with the spoofer's address 203.0.113.66 in the answer. */
  static final Map<String, Closure> SPOOFS = [
      'with a wrong ID'          : { Message q, InetSocketAddress from, FakeUpstream u ->
        def m = FakeUpstream.answer(q, '203.0.113.66'); m.header.ID = (q.header.ID + 1) & 0xFFFF; u.send(m, from)
      },
      'from a wrong port'        : { Message q, InetSocketAddress from, FakeUpstream u ->
        FakeUpstream.sendFrom('127.0.0.1', FakeUpstream.answer(q, '203.0.113.66'), from)
      },
      'from a wrong address'     : { Message q, InetSocketAddress from, FakeUpstream u ->
        FakeUpstream.sendFrom('127.0.0.2', FakeUpstream.answer(q, '203.0.113.66'), from)
      },
      'for a different question' : { Message q, InetSocketAddress from, FakeUpstream u ->
        def other = Message.newQuery(Record.newRecord(Name.fromString('other.example.'), Type.A, DClass.IN))
        other.header.ID = q.header.ID
        u.send(FakeUpstream.answer(other, '203.0.113.66'), from)
      },
      'that is not a response'   : { Message q, InetSocketAddress from, FakeUpstream u ->
        def m = FakeUpstream.answer(q, '203.0.113.66'); m.header.unsetFlag(Flags.QR); u.send(m, from)
      },
  ]

  def "every upstream query has RD, EDNS, and its own random ID, from random source ports"() {
    given:
    def upstream = later(FakeUpstream.good())
    def s = front([upstream.address])

    when:
    (1..20).each { s.query("n${it}.example.") }

    then: 'twenty queries, or a few more if a reply was late and the question asked again'
    upstream.count >= 20
    upstream.queries.every { it.header.getFlag(Flags.RD) && it.OPT != null }
    upstream.queries*.header*.ID.toSet().size() >= upstream.count - 2

    and: 'from the pool of long-lived sockets on random ports (see QueryPortsSpec for their renewal)'
    upstream.sources*.port.toSet().size() > 1
  }

  def "a silent upstream is left for the next, marked down, and used again once it answers"() {
    given:
    def first = later(FakeUpstream.silent())
    def second = later(FakeUpstream.good())
    def s = front([first.address, second.address])

    when: 'the first upstream keeps failing'
    def answers = (1..5).collect { s.query("f${it}.example.") }

    then: 'the second answers, and the first is left out after three failures'
    answers.every { it.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1'] }
    first.queries.count { it.question.name.toString().startsWith('f') } == 3

    when: 'the first comes back'
    first.behaviour = { Message q, InetSocketAddress from, FakeUpstream u -> u.send(FakeUpstream.answer(q, '192.0.2.2'), from) }
    def back = null
    for (int i = 0; i < 50 && back != ['192.0.2.2']; i++) {
      Thread.sleep(100)
      back = s.query("r${i}.example.").getSection(Section.ANSWER)*.rdataToString()
    }

    then: 'a probe finds it and the sequential policy uses it again'
    back == ['192.0.2.2']
    first.queries.any { it.question.name == Name.root && it.question.type == Type.NS }
  }

  def "identical questions in flight at once go upstream once"() {
    given:
    def upstream = later(new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u ->
      Thread.startVirtualThread { Thread.sleep(300); u.send(FakeUpstream.answer(q), from) }
    }))
    def s = front([upstream.address], quick().withTimeout(Duration.ofSeconds(2)).withBudget(Duration.ofSeconds(2)))
    def pool = Executors.newVirtualThreadPerTaskExecutor()

    when:
    def futures = (1..10).collect { pool.submit({ s.query('popular.example.') } as Callable<Message>) }
    def answers = futures*.get()

    then:
    answers.every { it.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1'] }
    upstream.count == 1

    cleanup:
    pool?.close()
  }

  def "round-robin spreads queries over the upstreams"() {
    given:
    def a = later(FakeUpstream.good())
    def b = later(FakeUpstream.good())
    def s = front([a.address, b.address], quick().withPolicy(Policy.ROUND_ROBIN))

    when:
    (1..6).each { s.query("rr${it}.example.") }

    then:
    a.count == 3
    b.count == 3
  }

  def "random order still answers every query"() {
    given:
    def a = later(FakeUpstream.good())
    def b = later(FakeUpstream.good())
    def s = front([a.address, b.address], quick().withPolicy(Policy.RANDOM))

    when:
    def answers = (1..10).collect { s.query("rnd${it}.example.") }

    then:
    answers.every { it.rcode == Rcode.NOERROR }
    a.count + b.count >= 10
  }

  def "a query without RD is not forwarded"() {
    given:
    def upstream = later(FakeUpstream.good())
    def s = front([upstream.address])
    def q = Message.newQuery(Record.newRecord(Name.fromString('nord.example.'), Type.A, DClass.IN))
    q.header.unsetFlag(Flags.RD)

    when:
    def m = s.resolver().send(q)

    then:
    m.rcode == Rcode.REFUSED
    upstream.count == 0
  }

  def "upstreams are written as #text"() {
    expect:
    ForwardResolver.parseUpstream(text) == new InetSocketAddress(InetAddress.getByName(host), port)

    where:
    text              | host        | port
    '192.0.2.1'       | '192.0.2.1' | 53
    '192.0.2.1:5353'  | '192.0.2.1' | 5353
    '2001:db8::1'     | '2001:db8::1' | 53
    '[2001:db8::1]:54' | '2001:db8::1' | 54
  }

  def "a wrong upstream is refused with a clear message: #text"() {
    when:
    ForwardResolver.parseUpstream(text)

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains(text)

    where:
    text << ['dns.google', '192.0.2.1:0', '192.0.2.1:99999', '[2001:db8::1', '']
  }
}
