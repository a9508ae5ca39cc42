package org.loomdns.chain

import java.net.InetSocketAddress
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.Specification

class ResolverChainSpec extends Specification {

  static Query query() {
    def q = Record.newRecord(Name.fromString('x.example.'), Type.A, DClass.IN)
    new Query(Message.newQuery(q), q, new InetSocketAddress('127.0.0.1', 5353), Transport.UDP)
  }

  static Resolver stage(String name, Closure<Outcome> does, boolean recurses = false) {
    new Resolver() {
      String name() { name }
      Outcome resolve(Query q) { does(q) }
      boolean recurses() { recurses }
    }
  }

  static final Outcome ANSWER = Outcome.Answer.failure(Rcode.NOERROR)

  def "stages run in the fixed order authority, hosts, cache, dynamic, forwarder, whatever order they were given in"() {
    given:
    def seen = []
    def chain = ResolverChain.builder()
        .forwarder(stage('forwarder') { seen << 'forwarder'; Outcome.PASS })
        .dynamic(stage('dynamic') { seen << 'dynamic'; Outcome.PASS })
        .cache(stage('cache') { seen << 'cache'; Outcome.PASS })
        .hosts(stage('hosts') { seen << 'hosts'; Outcome.PASS })
        .authority(stage('authority') { seen << 'authority'; Outcome.PASS })
        .build()

    when:
    chain.resolve(query())

    then:
    seen == ['authority', 'hosts', 'cache', 'dynamic', 'forwarder']
    chain.stageNames() == seen
  }

  def "the first stage that #does wins and later stages never see the query"() {
    given:
    def later = false
    def chain = ResolverChain.builder()
        .authority(stage('authority') { Outcome.PASS })
        .dynamic(stage('dynamic') { outcome })
        .forwarder(stage('forwarder') { later = true; ANSWER })
        .build()

    when:
    def r = chain.resolve(query())

    then:
    r.stage() == 'dynamic'
    r.outcome() == outcome
    !later

    where:
    does                 | outcome
    'answers'            | ANSWER
    'fails with REFUSED' | Outcome.Answer.failure(Rcode.REFUSED)
    'drops'              | Outcome.DROP
  }

  def "when every stage passes the query is REFUSED"() {
    given:
    def chain = ResolverChain.builder().authority(stage('authority') { Outcome.PASS }).build()

    when:
    def r = chain.resolve(query())

    then:
    r.outcome() instanceof Outcome.Answer
    (r.outcome() as Outcome.Answer).rcode() == Rcode.REFUSED
  }

  def "a stage that throws gives SERVFAIL, named after that stage"() {
    given:
    def chain = ResolverChain.builder()
        .dynamic(stage('dynamic') { throw new IllegalStateException('boom') })
        .forwarder(stage('forwarder') { ANSWER })
        .build()

    when:
    def r = chain.resolve(query())

    then:
    r.stage() == 'dynamic'
    (r.outcome() as Outcome.Answer).rcode() == Rcode.SERVFAIL
  }

  def "recursion is available exactly when some stage recurses"() {
    expect:
    ResolverChain.builder().authority(stage('a') { ANSWER }).forwarder(stage('f', { ANSWER }, recurses)).build()
        .recursionAvailable() == recurses

    where:
    recurses << [true, false]
  }

  static Query request(int opcode) {
    def q = Record.newRecord(Name.fromString('example.'), Type.SOA, DClass.IN)
    def m = Message.newQuery(q)
    m.header.opcode = opcode
    new Query(m, q, new InetSocketAddress('127.0.0.1', 5353), Transport.UDP, opcode, null)
  }

  def "a request of another opcode goes to its handler alone, never to the stages, and is never reusable"() {
    given:
    def seen = []
    def chain = ResolverChain.builder()
        .authority(stage('authority') { seen << 'authority'; ANSWER })
        .handler(org.xbill.DNS.Opcode.NOTIFY, stage('notify') { seen << 'notify'; ANSWER })
        .build()

    when:
    def r = chain.resolve(request(org.xbill.DNS.Opcode.NOTIFY))

    then:
    seen == ['notify']
    r.stage() == 'notify'
    r.outcome().is(ANSWER)
    r.reuse() == null
    chain.handles(org.xbill.DNS.Opcode.NOTIFY)
    chain.handles(org.xbill.DNS.Opcode.QUERY)
    !chain.handles(org.xbill.DNS.Opcode.UPDATE)
  }

  def "an opcode nobody handles is NOTIMP, and a handler that throws is SERVFAIL"() {
    given:
    def chain = ResolverChain.builder()
        .handler(org.xbill.DNS.Opcode.NOTIFY, stage('notify') { throw new IllegalStateException('bug') })
        .build()

    expect:
    chain.resolve(request(org.xbill.DNS.Opcode.UPDATE)).outcome().rcode() == Rcode.NOTIMP
    chain.resolve(request(org.xbill.DNS.Opcode.NOTIFY)).outcome().rcode() == Rcode.SERVFAIL
  }

  def "QUERY has no handler: it walks the stages"() {
    when:
    ResolverChain.builder().handler(org.xbill.DNS.Opcode.QUERY, stage('q') { ANSWER })

    then:
    thrown(IllegalArgumentException)
  }
}
