package org.loomdns.cache

import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.ResolverChain
import org.loomdns.chain.Transport
import org.loomdns.stats.Drops
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.OPTRecord
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/** The cache stage on its own, with a clock the spec moves and stages behind it that it scripts. */
class CacheResolverSpec extends Specification {

  /** Negative, as System.nanoTime may be: nothing may take zero for "long ago". */
  final AtomicLong now = new AtomicLong(-1_000_000_000_000L)
  final AtomicInteger fetches = new AtomicInteger()

  void advance(long seconds) { now.addAndGet(seconds * 1_000_000_000L) }

  final Drops drops = new Drops()

  CacheResolver cache(CacheSettings settings = CacheSettings.defaults()) {
    new CacheResolver(settings, now::get, drops)
  }

  static Query query(String name, int type = Type.A, boolean dnssecOk = false) {
    def q = Record.newRecord(Name.fromString(name), type, DClass.IN)
    def m = Message.newQuery(q)
    if (dnssecOk) m.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL)
    new Query(m, q, new InetSocketAddress('127.0.0.1', 5353), Transport.UDP)
  }

  /** Stages behind the cache that answer with {@code answer} each time, as a recursing stage would. */
  Resolver.Later behind(Outcome answer, boolean recursed = true) {
    { Query q -> fetches.incrementAndGet(); new ResolverChain.Resolution(answer, 'forwarder', recursed) } as Resolver.Later
  }

  static Outcome.Answer positive(String name, long ttl, String address = '192.0.2.1') {
    new Outcome.Answer(Rcode.NOERROR, false,
        [new ARecord(Name.fromString(name), DClass.IN, ttl, InetAddress.getByName(address))], [], [])
  }

  static Outcome.Answer negative(int rcode, long soaTtl, long minimum) {
    def zone = Name.fromString('example.')
    def soa = new SOARecord(zone, DClass.IN, soaTtl, Name.fromString('ns.example.'),
        Name.fromString('hostmaster.example.'), 1, 7200, 3600, 1209600, minimum)
    new Outcome.Answer(rcode, false, [], [soa], [])
  }

  static List<Long> ttls(Outcome o) {
    def a = o as Outcome.Answer
    (a.answer() + a.authority() + a.additional())*.TTL
  }

  def "a kept answer counts its TTL down and the stages behind are asked once"() {
    given:
    def c = cache()
    def later = behind(positive('www.example.', 300))

    when:
    def first = c.resolveInFront(query('www.example.'), later)
    advance(40)
    def second = c.resolveInFront(query('WWW.Example.'), later)

    then:
    ttls(first) == [300L]
    ttls(second) == [260L]
    fetches.get() == 1
  }

  def "answers for clients with and without DO are kept apart"() {
    given:
    def c = cache()
    def later = behind(positive('www.example.', 300))

    when:
    [false, true, false, true].each { c.resolveInFront(query('www.example.', Type.A, it), later) }

    then:
    fetches.get() == 2
  }

  def "an answer is asked for again once its TTL has run out"() {
    given:
    def c = cache(CacheSettings.defaults().withPrefetch(false))
    def later = behind(positive('www.example.', 60))

    when:
    c.resolveInFront(query('www.example.'), later)
    advance(61)
    def again = c.resolveInFront(query('www.example.'), later)

    then:
    fetches.get() == 2
    ttls(again) == [60L]
  }

  def "#what is kept for the negative TTL, the lesser of the SOA's TTL and MINIMUM"() {
    given:
    def c = cache()
    def later = behind(negative(rcode, soaTtl, minimum))

    when:
    c.resolveInFront(query('nothing.example.'), later)
    advance(kept - 1)
    def hit = c.resolveInFront(query('nothing.example.'), later)
    def fetchesWhileKept = fetches.get()
    advance(1)
    c.resolveInFront(query('nothing.example.'), later)

    then:
    (hit as Outcome.Answer).rcode() == rcode
    ttls(hit) == [1L]
    fetchesWhileKept == 1
    fetches.get() == 2

    where:
    what       | rcode          | soaTtl | minimum | kept
    'NXDOMAIN' | Rcode.NXDOMAIN | 3600   | 300     | 300
    'NODATA'   | Rcode.NOERROR  | 120    | 900     | 120
  }

  def "a negative answer without SOA is passed on but not kept"() {
    given:
    def c = cache()
    def later = behind(Outcome.Answer.failure(Rcode.NXDOMAIN))

    when:
    2.times { c.resolveInFront(query('nothing.example.'), later) }

    then:
    fetches.get() == 2
  }

  def "#rcode is #fate"() {
    given:
    def c = cache(CacheSettings.defaults().withServfailTtl(Duration.ofSeconds(3)).withServeStale(false))
    def later = behind(Outcome.Answer.failure(rcode))

    when:
    c.resolveInFront(query('broken.example.'), later)
    advance(2)
    c.resolveInFront(query('broken.example.'), later)
    advance(2)
    c.resolveInFront(query('broken.example.'), later)

    then:
    fetches.get() == expected

    where:
    rcode          | fate                                | expected
    Rcode.SERVFAIL | 'kept a few seconds'                | 2
    Rcode.REFUSED  | 'never kept'                        | 3
  }

  def "TTLs are clamped to #min..#max: #ttl becomes #kept"() {
    given:
    def c = cache(CacheSettings.defaults().withTtls(Duration.ofSeconds(min), Duration.ofSeconds(max)))

    expect:
    ttls(c.resolveInFront(query('www.example.'), behind(positive('www.example.', ttl)))) == [kept]

    where:
    min | max   | ttl    | kept
    0   | 86400 | 300    | 300L
    60  | 86400 | 5      | 60L
    0   | 3600  | 604800 | 3600L
  }

  def "an answer from a stage that does not recurse (a dynamic script) is never kept"() {
    given:
    def c = cache()
    def later = behind(positive('dyn.example.', 300), false)

    when:
    2.times { c.resolveInFront(query('dyn.example.'), later) }

    then:
    fetches.get() == 2
  }

  def "a tiny cache keeps no more than its size"() {
    given:
    def c = cache(CacheSettings.defaults().withSize('3'))

    when:
    def answers = (1..50).collect { c.resolveInFront(query("n${it}.example."), behind(positive("n${it}.example.", 300))) }

    then:
    answers.every { (it as Outcome.Answer).rcode() == Rcode.NOERROR }
    c.size() <= 3
    c.size() >= 1
  }

  /** An answer of {@code count} TXT records of 250 bytes each: large, as an attacker's would be. */
  static Outcome.Answer large(String name, int count) {
    def text = 'x' * 250
    new Outcome.Answer(Rcode.NOERROR, false,
        (1..count).collect { new TXTRecord(Name.fromString(name), DClass.IN, 300, (it.toString() + text).take(250)) }, [], [])
  }

  def "filled with large answers, a cache of 2m weighs no more than 2m and still answers each one"() {
    given:
    def c = cache(CacheSettings.defaults().withSize('2m'))

    when: '400 different names, each answered with 20 TXT records (some 12 KB of heap each)'
    def answers = (1..400).collect {
      c.resolveInFront(query("n${it}.example.", Type.TXT), behind(large("n${it}.example.", 20))) as Outcome.Answer
    }

    then:
    answers.every { it.rcode() == Rcode.NOERROR && it.answer().size() == 20 }
    c.weight() <= 2 * 1024 * 1024
    c.weight() > 1024 * 1024
    c.size() < 400
    drops.get(Drops.Kind.CACHE_TOO_LARGE) == 0
  }

  def "in a cache of 1m, which keeps no entry over 16k, an answer of #records TXT records is #fate"() {
    given:
    def c = cache(CacheSettings.defaults().withSize('1m'))
    def later = behind(large('big.example.', records))

    when:
    def answers = (1..2).collect { c.resolveInFront(query('big.example.', Type.TXT), later) as Outcome.Answer }

    then: 'each client gets the whole answer either way'
    answers.every { it.rcode() == Rcode.NOERROR && it.answer().size() == records }
    fetches.get() == asked
    c.size() == kept
    drops.get(Drops.Kind.CACHE_TOO_LARGE) == tooLarge

    where:
    records | fate                                     || asked | kept | tooLarge
    10      | 'kept'                                   || 1     | 1    | 0
    40      | 'passed on, not kept, and counted'       || 2     | 0    | 2
  }

  def "a cache bounded in entries is bounded in bytes too"() {
    given:
    def c = cache(CacheSettings.defaults().withSize('100000'))

    when:
    (1..300).each { c.resolveInFront(query("n${it}.example.", Type.TXT), behind(large("n${it}.example.", 200))) }

    then: 'no more than the default 32m, though far fewer than 100000 entries'
    c.weight() <= CacheSettings.DEFAULT_BYTES
    c.size() < 300
  }

  def "an expired answer is served stale, with TTL 30, when the stages behind fail"() {
    given:
    def c = cache()
    c.resolveInFront(query('www.example.'), behind(positive('www.example.', 60)))
    advance(600)

    when:
    def stale = c.resolveInFront(query('www.example.'), behind(Outcome.Answer.failure(Rcode.SERVFAIL)))

    then:
    (stale as Outcome.Answer).rcode() == Rcode.NOERROR
    ttls(stale) == [30L]

    when: 'the upstream is back, and the hold time of the stale entry is over'
    advance(CacheSettings.DEFAULT_SERVFAIL_TTL.toSeconds())
    def fresh = c.resolveInFront(query('www.example.'), behind(positive('www.example.', 60, '192.0.2.2')))

    then:
    (fresh as Outcome.Answer).answer()*.rdataToString() == ['192.0.2.2']
  }

  def "once served stale, an entry is served stale for the SERVFAIL hold time without asking again"() {
    given:
    def c = cache(CacheSettings.defaults().withServfailTtl(Duration.ofSeconds(3)))
    c.resolveInFront(query('www.example.'), behind(positive('www.example.', 60)))
    advance(600)
    def failing = behind(Outcome.Answer.failure(Rcode.SERVFAIL))

    when:
    def answers = [c.resolveInFront(query('www.example.'), failing)]
    advance(2)
    answers << c.resolveInFront(query('www.example.'), failing)
    advance(2)
    answers << c.resolveInFront(query('www.example.'), failing)

    then:
    answers.every { ttls(it) == [30L] }
    fetches.get() == 3
  }

  def "without serve-stale an expired answer is not served"() {
    given:
    def c = cache(CacheSettings.defaults().withServeStale(false))
    c.resolveInFront(query('www.example.'), behind(positive('www.example.', 60)))
    advance(600)

    expect:
    (c.resolveInFront(query('www.example.'), behind(Outcome.Answer.failure(Rcode.SERVFAIL))) as Outcome.Answer).rcode() == Rcode.SERVFAIL
  }

  def "a popular entry is fetched again shortly before it expires, and its client is answered from cache"() {
    given:
    def c = cache()
    def later = behind(positive('hot.example.', 100))
    c.resolveInFront(query('hot.example.'), later)
    c.resolveInFront(query('hot.example.'), later)

    when:
    advance(95)
    def hit = c.resolveInFront(query('hot.example.'), later)
    for (int i = 0; i < 100 && fetches.get() < 2; i++) Thread.sleep(20)
    // the prefetch has fetched; wait (bounded) until it has also kept what it fetched
    for (int i = 0; i < 100 && c.answerFor(query('hot.example.').asked())?.answer()?.with { ttls(it) } != [100L]; i++) Thread.sleep(20)
    advance(10)
    def afterExpiry = c.resolveInFront(query('hot.example.'), later)

    then:
    ttls(hit) == [5L]
    fetches.get() == 2
    ttls(afterExpiry) == [90L]
  }

  def "an entry asked for once is left to expire, not prefetched"() {
    given:
    def c = cache()
    def later = behind(positive('cold.example.', 100))
    c.resolveInFront(query('cold.example.'), later)

    when:
    advance(95)
    c.resolveInFront(query('cold.example.'), later)
    Thread.sleep(200)

    then:
    fetches.get() == 1
  }

  def "cache sizes are written as #text"() {
    expect:
    CacheSettings.defaults().withSize(text).describeSize() == described

    where:
    text    | described
    '10000' | '10000 entries and 33554432 bytes'
    '32m'   | '33554432 bytes'
    '512k'  | '524288 bytes'
    '64M'   | '67108864 bytes'
    '100b'  | '100 bytes'
  }

  def "a wrong cache setting is refused: #why"() {
    when:
    make()

    then:
    thrown(IllegalArgumentException)

    where:
    why                  | make
    'size 0'             | { CacheSettings.defaults().withSize('0') }
    'size not a number'  | { CacheSettings.defaults().withSize('lots') }
    'min above max'      | { CacheSettings.defaults().withTtls(Duration.ofSeconds(10), Duration.ofSeconds(5)) }
    'SERVFAIL held long' | { CacheSettings.defaults().withServfailTtl(Duration.ofMinutes(5)) }
  }
}
