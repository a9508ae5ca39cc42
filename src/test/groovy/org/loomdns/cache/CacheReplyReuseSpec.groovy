package org.loomdns.cache

import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import org.loomdns.chain.ForClients
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.chain.Transport
import org.loomdns.net.Cidr
import org.loomdns.server.QueryProcessor
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * A cache hit's reply may be sent again by the server's packet cache, but only while the cache
 * itself would give the same reply: until the TTLs next count down, and only to clients the cache
 * serves.
 */
class CacheReplyReuseSpec extends Specification {

  final AtomicLong now = new AtomicLong(-1_000_000_000_000L)
  final AtomicInteger cacheAsked = new AtomicInteger()
  final AtomicInteger fetched = new AtomicInteger()

  /** A forwarder stand-in: one A record with a TTL of 100, fetched afresh each time. */
  Resolver upstream = [name: { 'forwarder' }, recurses: { true }, resolve: { Query q ->
    fetched.incrementAndGet()
    new Outcome.Answer(Rcode.NOERROR, false, [new ARecord(q.name(), DClass.IN, 100, InetAddress.getByName('192.0.2.1'))], [], [])
  }] as Resolver

  /** The cache (on the spec's clock), counting how often the chain asks it. */
  Resolver counted(Resolver cache) {
    [name: { 'cache' }, recurses: { false },
     resolve: { Query q -> cacheAsked.incrementAndGet(); cache.resolve(q) },
     resolveInFront: { Query q, Resolver.Later later -> cacheAsked.incrementAndGet(); cache.resolveInFront(q, later) }] as Resolver
  }

  QueryProcessor processor(List<Cidr> allowed) {
    Resolver cache = counted(new CacheResolver(CacheSettings.defaults(), now::get))
    def chain = ResolverChain.builder().cache(new ForClients(cache, allowed)).forwarder(new ForClients(upstream, allowed)).build()
    new QueryProcessor(chain, 1232, false, 'test', 1000)
  }

  static Message ask(QueryProcessor p, String client, int id = 1) {
    def q = Message.newQuery(Record.newRecord(Name.fromString('www.example.'), Type.A, DClass.IN))
    q.header.ID = id
    byte[] reply = null
    p.process(q.toWire(), new InetSocketAddress(client, 5300), Transport.UDP, { reply = it })
    new Message(reply)
  }

  static long ttl(Message m) { m.getSection(Section.ANSWER)[0].TTL }

  def "within one second of an entry's age the reply is sent again without asking the cache; then the TTL counts down"() {
    given:
    def p = processor([Cidr.parse('127.0.0.0/8')])

    when: 'a miss, then a hit through the cache, then repeats'
    def replies = (1..4).collect { ask(p, '127.0.0.1', it) }

    then:
    fetched.get() == 1
    cacheAsked.get() == 2
    replies*.header*.ID == [1, 2, 3, 4]
    replies.collect { ttl(it) } == [100, 100, 100, 100]

    when: 'the entry grows a second older'
    now.addAndGet(1_000_000_000L)
    def later = ask(p, '127.0.0.1', 5)

    then: 'the cache is asked again, and the TTL is one less'
    cacheAsked.get() == 3
    ttl(later) == 99
    fetched.get() == 1
  }

  def "a client the cache does not serve never gets a reply kept for one it serves"() {
    given:
    def p = processor([Cidr.parse('127.0.0.1/32')])
    3.times { ask(p, '127.0.0.1') }

    when:
    def refused = ask(p, '127.0.0.2')

    then:
    refused.rcode == Rcode.REFUSED
    refused.getSection(Section.ANSWER).isEmpty()

    and: 'the kept reply still serves the client it was for'
    ask(p, '127.0.0.1').rcode == Rcode.NOERROR
  }
}
