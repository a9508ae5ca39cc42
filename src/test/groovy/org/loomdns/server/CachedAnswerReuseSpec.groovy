package org.loomdns.server

import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.cache.CacheResolver
import org.loomdns.cache.CacheSettings
import org.loomdns.chain.ForClients
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.chain.Transport
import org.loomdns.net.Cidr
import org.loomdns.support.Counted
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.ARecord
import org.xbill.DNS.CNAMERecord
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Section
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * The cache's answers sent again by the packet cache: byte for byte what the full path would send
 * at that moment, TTLs counted down included, and only while the cache itself would answer that
 * way, for that client, with the zones in front of it unchanged.
 */
class CachedAnswerReuseSpec extends Specification {

  /** Negative, as System.nanoTime may be: nothing may take zero for "long ago". */
  final AtomicLong now = new AtomicLong(-1_000_000_000_000L)
  final AtomicInteger cacheAsked = new AtomicInteger()
  final AtomicInteger fetched = new AtomicInteger()

  void advance(long seconds) { now.addAndGet(seconds * 1_000_000_000L) }

  /** A forwarder stand-in, answering by the name asked, afresh each time. */
  Resolver upstream = [name: { 'forwarder' }, recurses: { true }, resolve: { Query q -> fetched.incrementAndGet(); fetch(q) }] as Resolver

  static Outcome.Answer fetch(Query q) {
    def name = q.name()
    def soa = new SOARecord(Name.fromString('example.'), DClass.IN, 3600, Name.fromString('ns.example.'),
        Name.fromString('hostmaster.example.'), 1, 7200, 900, 1209600, 60)
    switch (name.toString()) {
      case 'multi.example.':
        def target = Name.fromString('target.example.')
        return new Outcome.Answer(Rcode.NOERROR, false, [
            new CNAMERecord(name, DClass.IN, 120, target),
            new ARecord(target, DClass.IN, 300, InetAddress.getByName('192.0.2.1')),
            new ARecord(target, DClass.IN, 300, InetAddress.getByName('192.0.2.2'))], [], [])
      case 'big.example.':
        return new Outcome.Answer(Rcode.NOERROR, false, ('a'..'c').collect {
          new TXTRecord(name, DClass.IN, 200, it * 200) }, [], [])
      case 'nodata.example.':
        return new Outcome.Answer(Rcode.NOERROR, false, [], [soa], [])
      case ~/nx\..*/:
        return new Outcome.Answer(Rcode.NXDOMAIN, false, [], [soa], [])
      default:
        return new Outcome.Answer(Rcode.NOERROR, false, [
            new ARecord(name, DClass.IN, 100, InetAddress.getByName('192.0.2.9'))], [], [])
    }
  }

  /** The cache on the spec's clock, counting how often the chain asks it. */
  Resolver countedCache(CacheSettings settings = CacheSettings.defaults()) {
    Counted.stage('cache', new CacheResolver(settings, now::get), cacheAsked)
  }

  ResolverChain chain(Map stages = [:]) {
    List<Cidr> everyone = [Cidr.parse('0.0.0.0/0')]
    def allowed = stages.allowed ?: everyone
    def b = ResolverChain.builder()
        .cache(new ForClients(stages.cache ?: countedCache(), allowed))
        .forwarder(new ForClients(upstream, allowed))
    if (stages.authority) b.authority(stages.authority as Resolver)
    b.build()
  }

  static QueryProcessor processor(ResolverChain chain, int packetCache) {
    new QueryProcessor(chain, 1232, false, 'test', packetCache)
  }

  static byte[] answer(QueryProcessor p, byte[] query, String client = '127.0.0.1') {
    byte[] reply = null
    p.process(query, new InetSocketAddress(client, 5300), Transport.UDP, { reply = it })
    reply
  }

  static Message ask(QueryProcessor p, String name, String client = '127.0.0.1') {
    new Message(answer(p, Wire.query(name, Type.A, [:]), client))
  }

  def "a cached #name #typeName (#opts) sent again #age s later is what the full path sends then, without asking the cache"() {
    given: 'one chain, asked through a processor with the packet cache and one without'
    def c = chain(authority: new AuthorityResolver(new ZoneSet([TestServer.loadBind(PacketCacheSpec.ZONE)]), []))
    def cached = processor(c, 1000)
    def full = processor(c, 0)
    answer(full, Wire.query(name, type, opts))
    answer(cached, Wire.query(name, type, opts))

    when:
    advance(age)
    int askedBefore = cacheAsked.get()
    byte[] again = answer(cached, Wire.query(name.toUpperCase(), type, opts + [id: 777]))

    then: 'the cache was not asked'
    cacheAsked.get() == askedBefore
    fetched.get() == 1

    and: 'the bytes are those the full path builds for the same query now'
    again == answer(full, Wire.query(name.toUpperCase(), type, opts + [id: 777]))

    where:
    [name, type, opts, age] << [
        [['multi.example', Type.A], ['big.example', Type.TXT], ['nodata.example', Type.AAAA], ['nx.example', Type.A]],
        [[:], [edns: 1232], [edns: 1232, ednsFlags: ExtendedFlags.DO], [edns: 600, rd: false, cd: true]],
        [0, 1, 17, 50]
    ].combinations().collect { it.flatten() }
    typeName = Type.string(type)
  }

  def "hits stop being reused where the cache would prefetch, so a popular entry is still fetched again in time"() {
    given: 'an answer with a TTL of 100, asked for twice'
    def p = processor(chain(), 1000)
    2.times { ask(p, 'hot.example') }

    when: 'at 89 seconds'
    advance(89)
    int asked = cacheAsked.get()
    def at89 = ask(p, 'hot.example')

    then: 'the packet cache answers'
    cacheAsked.get() == asked
    at89.getSection(Section.ANSWER)[0].TTL == 11

    when: 'at 90 seconds, the last tenth of its life'
    advance(1)
    def at90 = ask(p, 'hot.example')
    for (int i = 0; i < 100 && fetched.get() < 2; i++) Thread.sleep(20)

    then: 'the cache is asked, and it fetches the entry again'
    cacheAsked.get() == asked + 1
    at90.getSection(Section.ANSWER)[0].TTL == 10
    fetched.get() == 2
  }

  def "without prefetch a hit is reused until the entry expires, and then the stages behind are asked"() {
    given:
    def p = processor(chain(cache: countedCache(CacheSettings.defaults().withPrefetch(false).withServeStale(false))), 1000)
    2.times { ask(p, 'plain.example') }

    when:
    advance(99)
    def last = ask(p, 'plain.example')
    advance(1)
    def after = ask(p, 'plain.example')

    then:
    last.getSection(Section.ANSWER)[0].TTL == 1
    after.getSection(Section.ANSWER)[0].TTL == 100
    fetched.get() == 2
  }

  def "a client the cache does not serve never gets a reply kept for one it serves"() {
    given:
    def p = processor(chain(allowed: [Cidr.parse('127.0.0.1/32')]), 1000)
    3.times { ask(p, 'www.example', '127.0.0.1') }

    when:
    def refused = ask(p, 'www.example', '127.0.0.2')
    int asked = cacheAsked.get()
    def served = ask(p, 'www.example', '127.0.0.1')

    then:
    refused.rcode == Rcode.REFUSED
    refused.getSection(Section.ANSWER).isEmpty()

    and: 'the kept reply still serves the client it was made for, from the packet cache'
    served.rcode == Rcode.NOERROR
    cacheAsked.get() == asked
  }

  def "once a reload brings a zone for a cached name, the name is answered from the zone"() {
    given: 'www.example.com cached from upstream, before any zone held it'
    def zones = new AuthorityResolver(new ZoneSet([]), [])
    def p = processor(chain(authority: zones), 1000)
    3.times { ask(p, 'www.example.com') }

    when:
    zones.served().publish(TestServer.loadBind(PacketCacheSpec.ZONE))
    def reply = ask(p, 'www.example.com')

    then:
    reply.header.getFlag(org.xbill.DNS.Flags.AA)
    reply.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.1']
  }

  def "after a stage in front of the cache that promises nothing about its passes, the cache's answers are not reused"() {
    given: 'a custom stage in the authority slot that passes everything, for now'
    Resolver front = [name: { 'custom' }, resolve: { Query q -> Outcome.PASS }] as Resolver
    def p = processor(chain(authority: front), 1000)

    when:
    4.times { ask(p, 'www.example') }

    then: 'every query reached the cache'
    cacheAsked.get() == 4
    fetched.get() == 1
  }
}
