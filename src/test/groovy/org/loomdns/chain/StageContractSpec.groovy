package org.loomdns.chain

import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.atomic.AtomicLong
import org.loomdns.authority.AuthorityResolver
import org.loomdns.authority.ZoneSet
import org.loomdns.cache.CacheResolver
import org.loomdns.cache.CacheSettings
import org.loomdns.dynamic.DynamicResolver
import org.loomdns.forward.ForwardResolver
import org.loomdns.forward.ForwardSettings
import org.loomdns.net.Cidr
import org.loomdns.server.PacketCacheSpec
import org.loomdns.support.FakeUpstream
import org.loomdns.support.TestServer
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * The reuse contract, which every stage in the chain must keep: whenever the chain says an
 * answer's reply may go again to another client, over another transport, some seconds later,
 * that client then gets the same answer from the whole chain, its TTLs counted down by exactly the
 * age the reuse gives. Stages are built as the server builds them, and asked by clients of
 * different networks, over UDP and TCP, as time passes.
 */
class StageContractSpec extends Specification {

  static final List<Map> CLIENTS = [
      [address: '127.0.0.1', transport: Transport.UDP],
      [address: '10.20.30.40', transport: Transport.TCP],
      [address: '192.0.2.77', transport: Transport.UDP],
      [address: '::1', transport: Transport.TCP]]
  static final List<Long> LATER = [0L, 1L, 7L, 299L, 400L]

  @Shared @AutoCleanup FakeUpstream upstream = FakeUpstream.good()
  final AtomicLong now = new AtomicLong(-5_000_000_000_000L)

  ForwardResolver forwarder() {
    ForwardResolver.to([upstream.address], ForwardSettings.defaults().withTimeout(Duration.ofMillis(500)))
  }

  Resolver stage(String which) {
    switch (which) {
      case 'authority': return new AuthorityResolver(new ZoneSet([TestServer.loadBind(PacketCacheSpec.ZONE)]), [])
      case 'cache': return new CacheResolver(CacheSettings.defaults().withPrefetch(false), now::get)
      case 'dynamic': return DynamicResolver.load([Path.of('samples/split-horizon.groovy')], [], Duration.ofSeconds(5))
      case 'forwarder': return forwarder()
    }
  }

  /** The stages by slot, as the server builds them. */
  Map<String, Resolver> stages(List<String> names, List<Cidr> recursionFor) {
    names.collectEntries { n ->
      [n, n in ['cache', 'forwarder'] ? new ForClients(stage(n), recursionFor) : stage(n)]
    }
  }

  static ResolverChain chain(Map<String, Resolver> stages) {
    def b = ResolverChain.builder()
    stages.each { slot, stage -> b."${slot == 'forwarder' ? 'forwarder' : slot}"(stage) }
    b.build()
  }

  /** The same stages, each handed every query whole: what they answer when nothing is reused. */
  static ResolverChain wholeQueries(Map<String, Resolver> stages) {
    chain(stages.collectEntries { slot, Resolver s ->
      [slot, [name: { s.name() }, recurses: { s.recurses() }, recursesFor: { c -> s.recursesFor(c) },
              passesWhile: { s.passesWhile() }, resolve: { Query q -> s.resolve(q) },
              resolveInFront: { Query q, Resolver.Later later -> s.resolveInFront(q, later) }] as Resolver]
    })
  }

  static Query query(String name, int type, Map client) {
    Record q = Record.newRecord(Name.fromString(name, Name.root), type, 1)
    new Query(Message.newQuery(q), q, new InetSocketAddress(InetAddress.getByName(client.address), 5353), client.transport)
  }

  static List<String> shown(Outcome outcome, long age = 0) {
    if (!(outcome instanceof Outcome.Answer)) return [outcome.toString()]
    def a = outcome as Outcome.Answer
    [a.toString()] + [a.answer(), a.authority(), a.additional()].collect { section ->
      section.collect { r -> "${r.name} ${Math.max(0, r.TTL - age)} ${Type.string(r.type)} ${r.rdataToString()}" }
    }.flatten()
  }

  def "every answer the chain of #names lets go again is the one its stages give that client then"() {
    given: 'the chain, and the same stages asked with every query whole'
    def built = stages(names, recursionFor.collect { Cidr.parse(it) })
    def c = chain(built)
    def whole = wholeQueries(built)
    int reused = 0

    when: 'each question is asked twice by each client (the first may fill a cache), and each reusable answer checked for every other client and every later time'
    List<String> broken = []
    for (String name : ['www.example.com', 'nothing.example.com', 'intranet.example.com', 'build.example.com', 'elsewhere.test']) {
      for (Map first : CLIENTS) {
        now.set(-5_000_000_000_000L)
        c.resolve(query(name, Type.A, first))
        ResolverChain.Resolution r = c.resolve(query(name, Type.A, first))
        if (r.reuse() == null) continue
        for (long later : LATER) {
          now.set(-5_000_000_000_000L + later * 1_000_000_000L)
          for (Map other : CLIENTS) {
            long age = r.reuse().age(new InetSocketAddress(InetAddress.getByName(other.address), 5353))
            if (age == Reuse.NOT_NOW) continue
            reused++
            def fresh = shown(whole.resolve(query(name, Type.A, other)).outcome())
            if (fresh != shown(r.outcome(), age)) {
              broken << "${name} by ${first.address}, then ${other.address} after ${later}s (age ${age}): kept ${shown(r.outcome(), age)} but now ${fresh}"
            }
          }
        }
      }
    }

    then:
    broken == []
    (reused > 0) == someReused

    where:
    names                                      | recursionFor      || someReused
    ['authority']                              | []                || true
    ['cache', 'forwarder']                     | ['0.0.0.0/0', '::/0'] || true
    ['cache', 'forwarder']                     | ['127.0.0.0/8']   || true
    ['dynamic']                                | []                || false
    ['forwarder']                              | ['0.0.0.0/0', '::/0'] || false
    ['authority', 'cache', 'dynamic', 'forwarder'] | ['127.0.0.0/8', '10.0.0.0/8'] || true
  }

  def "an answer can be made reusable only from the question alone, on the kinds of reuse the chain knows"() {
    expect: 'an answer carries no reuse of its own'
    Outcome.Answer.recordComponents*.name == ['rcode', 'authoritative', 'answer', 'authority', 'additional']

    and: 'the question a reusable answer is made from holds no client, transport or request'
    Question.recordComponents*.type == [Name, int, int, boolean, boolean]
    ReusableAnswers.methods*.parameterTypes.flatten() == [Question]

    and: 'no stage can write a reuse that looks at the client'
    Reuse.sealed
    Reuse.permittedSubclasses*.simpleName.sort() == ['ClientsReuse', 'CountingDown', 'Generation', 'GuardedReuse', 'ViewReuse']
  }
}
