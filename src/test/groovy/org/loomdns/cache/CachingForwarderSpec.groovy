package org.loomdns.cache

import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.chain.Query
import org.loomdns.chain.ResolverChain
import org.loomdns.chain.Transport
import org.loomdns.forward.ForwardResolver
import org.loomdns.forward.ForwardSettings
import org.loomdns.support.Counted
import org.loomdns.support.Dig
import org.loomdns.support.ForwardZones
import org.loomdns.support.TestServer
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.IgnoreIf
import spock.lang.Specification

/** A loomdns with its own zone, a cache and a forwarder, in front of a real loomdns upstream. */
class CachingForwarderSpec extends Specification {

  /** The questions that reach the upstream's authority stage. */
  final AtomicInteger upstreamAsked = new AtomicInteger()
  TestServer upstream
  ForwardResolver forwarder
  TestServer front

  def setup() {
    def authority = new AuthorityResolver(new ZoneSet([TestServer.loadBind(ForwardZones.UPSTREAM)]), [])
    upstream = TestServer.withChain(ResolverChain.builder().authority(Counted.stage('authority', authority, upstreamAsked)).build())
    forwarder = ForwardResolver.to([new InetSocketAddress('127.0.0.1', upstream.port)],
        ForwardSettings.defaults().withTimeout(Duration.ofMillis(300)).withBudget(Duration.ofMillis(1000)))
    front = TestServer.withZones([ForwardZones.OWN], [cache: new CacheResolver(CacheSettings.defaults()), forwarder: forwarder])
  }

  def cleanup() {
    front?.close()
    forwarder?.close()
    upstream?.close()
  }

  static long ttl(Message m) { m.getSection(Section.ANSWER)[0].TTL }

  @IgnoreIf({ !Dig.available() })
  def "dig sees a cache hit: the upstream is asked once and the TTL counts down"() {
    when:
    def first = front.dig('+noall', '+answer', 'www.example.test.', 'A')
    Thread.sleep(2100)
    def second = front.dig('+noall', '+answer', 'www.example.test.', 'A')

    then:
    ttlOf(first) == 300
    ttlOf(second) < 300
    ttlOf(second) >= 290
    second.contains('192.0.2.80')
    upstreamAsked.get() == 1
  }

  @IgnoreIf({ !Dig.available() })
  def "over real sockets, repeats of a cache hit are sent again without asking the cache, their TTL still counting down"() {
    given: 'a front whose cache stage counts the questions that reach it'
    def cacheAsked = new AtomicInteger()
    def counted = Counted.stage('cache', new CacheResolver(CacheSettings.defaults()), cacheAsked)
    def server = TestServer.withZones([ForwardZones.OWN], [cache: counted, forwarder: forwarder])

    when: 'a fetch, a hit, then repeats, the last two seconds later'
    def answers = (1..3).collect { server.dig('+noall', '+answer', 'www.example.test.', 'A') }
    Thread.sleep(2100)
    answers << server.dig('+noall', '+answer', 'www.example.test.', 'A')

    then:
    answers.every { it.contains('192.0.2.80') }
    answers.take(3).collect { ttlOf(it) }.every { it >= 299 }
    ttlOf(answers[3]) <= ttlOf(answers[2]) - 2
    ttlOf(answers[3]) >= 290
    upstreamAsked.get() == 1
    cacheAsked.get() == 2

    cleanup:
    server?.close()
  }

  static int ttlOf(String digAnswer) {
    (digAnswer.readLines().find { it.contains('\tA\t') || it =~ /\sA\s/ }.split(/\s+/)[1]) as int
  }

  def "a negative answer is kept: NXDOMAIN asked twice reaches the upstream once"() {
    when:
    def answers = (1..2).collect { front.query('missing.example.test.') }

    then:
    answers*.rcode == [Rcode.NXDOMAIN, Rcode.NXDOMAIN]
    answers.every { it.getSection(Section.AUTHORITY)*.type == [Type.SOA] }
    upstreamAsked.get() == 1
  }

  def "our own zone is answered by authority, with AA, and never cached"() {
    when:
    def m = front.query('ns1.home.test.')

    then:
    m.header.getFlag(Flags.AA)
    m.getSection(Section.ANSWER)*.rdataToString() == ['192.168.1.1']
    upstreamAsked.get() == 0
  }

  def "a cache hit is neither authoritative nor without RA"() {
    when:
    front.query('www.example.test.')
    def hit = front.query('www.example.test.')

    then:
    hit.header.getFlag(Flags.RA)
    !hit.header.getFlag(Flags.AA)
    upstreamAsked.get() == 1
  }

  def "the chain names the forwarder for a fetch and the cache for a hit"() {
    given:
    def q = Record.newRecord(Name.fromString('www.example.test.'), Type.A, DClass.IN)
    def query = new Query(Message.newQuery(q), q, new InetSocketAddress('127.0.0.1', 5353), Transport.UDP)

    expect:
    front.chain.resolve(query).stage() == 'forwarder'
    front.chain.resolve(query).stage() == 'cache'
  }

  def "when the upstream is gone an expired answer is served stale instead of SERVFAIL"() {
    given:
    def fresh = front.query('brief.example.test.')
    upstream.close()
    Thread.sleep(2100)

    when:
    def client = front.resolver()
    client.timeout = Duration.ofSeconds(10)
    def stale = client.send(Message.newQuery(Record.newRecord(Name.fromString('brief.example.test.'), Type.A, DClass.IN)))

    then:
    ttl(fresh) == 2
    stale.rcode == Rcode.NOERROR
    stale.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.81']
    ttl(stale) == 30
  }

  def "a name never seen gets SERVFAIL when the upstream is gone"() {
    given:
    upstream.close()
    def client = front.resolver()
    client.timeout = Duration.ofSeconds(10)

    expect:
    client.send(Message.newQuery(Record.newRecord(Name.fromString('www.example.test.'), Type.A, DClass.IN))).rcode == Rcode.SERVFAIL
  }
}
