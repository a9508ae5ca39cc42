package org.loomdns.chain

import org.xbill.DNS.Rcode
import spock.lang.Specification

/** A stage that stands in front of the later ones (a cache) through {@link Resolver.Later}. */
class LaterSpec extends Specification {

  static final Outcome.Answer FETCHED = Outcome.Answer.failure(Rcode.NOERROR)

  /** A cache-like stage: asks the later stages, then returns what {@code decide} makes of it. */
  static Resolver front(List<ResolverChain.Resolution> seen, Closure<Outcome> decide) {
    new Resolver() {
      String name() { 'cache' }
      Outcome resolve(Query q) { Outcome.PASS }
      Outcome resolveInFront(Query q, Resolver.Later later) {
        def r = later.resolve(q)
        seen << r
        decide(r)
      }
    }
  }

  def "the later stages run once, and a verdict handed back unchanged keeps their name"() {
    given:
    def seen = []
    int forwarded = 0
    def chain = ResolverChain.builder()
        .cache(front(seen) { it.outcome() })
        .forwarder(ResolverChainSpec.stage('forwarder', { forwarded++; FETCHED }, true))
        .build()

    when:
    def r = chain.resolve(ResolverChainSpec.query())

    then:
    forwarded == 1
    seen*.stage() == ['forwarder']
    seen*.recursed() == [true]
    r.stage() == 'forwarder'
    r.recursed()
    r.outcome().is(FETCHED)
  }

  def "an outcome of the front stage's own is named after it"() {
    given:
    def own = Outcome.Answer.failure(Rcode.NXDOMAIN)
    def chain = ResolverChain.builder()
        .cache(front([]) { own })
        .forwarder(ResolverChainSpec.stage('forwarder', { FETCHED }, true))
        .build()

    expect:
    chain.resolve(ResolverChainSpec.query()).stage() == 'cache'
  }

  def "a stage that does not recurse is reported so, and nobody answering is REFUSED by none"() {
    given:
    def seen = []
    def chain = ResolverChain.builder()
        .cache(front(seen) { it.outcome() })
        .dynamic(ResolverChainSpec.stage('dynamic', { q -> Outcome.PASS }))
        .build()

    when:
    def r = chain.resolve(ResolverChainSpec.query())

    then:
    !seen[0].recursed()
    r.stage() == 'none'
    (r.outcome() as Outcome.Answer).rcode() == Rcode.REFUSED
  }

  def "a later stage that throws is a SERVFAIL named after it, and the front stage sees it"() {
    given:
    def seen = []
    def chain = ResolverChain.builder()
        .cache(front(seen) { it.outcome() })
        .forwarder(ResolverChainSpec.stage('forwarder', { throw new IOException('boom') }, true))
        .build()

    when:
    def r = chain.resolve(ResolverChainSpec.query())

    then:
    (r.outcome() as Outcome.Answer).rcode() == Rcode.SERVFAIL
    r.stage() == 'forwarder'
    seen*.stage() == ['forwarder']
    seen*.recursed() == [true]
  }

  def "a stage coerced from a Groovy map, as scripts write them, still means resolve alone"() {
    given:
    def chain = ResolverChain.builder()
        .cache(front([]) { it.outcome() })
        .dynamic([name: { 'dynamic' }, resolve: { Query q -> FETCHED }] as Resolver)
        .build()

    expect:
    chain.resolve(ResolverChainSpec.query()).stage() == 'dynamic'
  }
}
