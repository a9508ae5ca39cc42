package org.loomdns.chain

import org.loomdns.net.Cidr
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Opcode
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.Specification

/** One stage per client, as BIND's views: the first view that matches the address or key answers. */
class ViewsSpec extends Specification {

  static final Name KEY = Name.fromString('partner.')

  /** A stage that answers every question with {@code address}, reusable while {@code generation} is current. */
  static Resolver answering(String address, Generation generation = new Generation()) {
    new ReusingStage(address, generation)
  }

  static class ReusingStage implements Resolver, ReusableAnswers {
    final String address
    final Generation generation

    ReusingStage(String address, Generation generation) {
      this.address = address
      this.generation = generation
    }

    String name() { 'authority' }

    Outcome.Answer answer(Name name) {
      new Outcome.Answer(Rcode.NOERROR, true, [new ARecord(name, DClass.IN, 60, InetAddress.getByName(address))], [], [])
    }

    Outcome resolve(Query q) { answer(q.name()) }

    Reusable answerFor(Question q) { new Reusable(answer(q.name()), generation) }
  }

  static Views.Clients from(String cidr) {
    return { InetAddress a, Name signer -> Cidr.parse(cidr).contains(a) } as Views.Clients
  }

  static Query query(String source, Name signer = null) {
    Record question = Record.newRecord(Name.fromString('www.example.com.'), Type.A, DClass.IN)
    new Query(Message.newQuery(question), question, new InetSocketAddress(source, 5300), Transport.UDP, Opcode.QUERY, signer)
  }

  Views views = new Views('authority', [
      new Views.View('partner', { a, signer -> signer == KEY } as Views.Clients, answering('198.51.100.80')),
      new Views.View('internal', from('127.0.0.1/32'), answering('10.0.0.80')),
      new Views.View('external', from('127.0.0.0/8'), answering('192.0.2.80'))])

  def "a query from #source#signed is answered by the #view view"() {
    when:
    def resolution = ResolverChain.builder().authority(views).build().resolve(query(source, signer))

    then:
    resolution.outcome().rcode() == Rcode.NOERROR
    resolution.outcome().answer()*.rdataToString() == [address]

    where:
    source      | signer || view       | address
    '127.0.0.1' | null   || 'internal' | '10.0.0.80'
    '127.0.0.2' | null   || 'external' | '192.0.2.80'
    '127.0.0.1' | KEY    || 'partner'  | '198.51.100.80'
    signed = signer ? ' signed by ' + signer : ''
  }

  def "a client no view matches is refused, and no later stage hears it"() {
    given:
    def later = Mock(Resolver) { name() >> 'forwarder' }
    def chain = ResolverChain.builder().authority(views).forwarder(later).build()

    when:
    def resolution = chain.resolve(query('192.0.2.7'))

    then:
    resolution.outcome().rcode() == Rcode.REFUSED
    0 * later.resolveInFront(_, _)
    0 * later.resolve(_)
  }

  def "a view's reusable answer may go again to the clients of that view alone"() {
    given:
    def chain = ResolverChain.builder().authority(views).build()

    when:
    def reuse = chain.resolve(query('127.0.0.2')).reuse()

    then:
    reuse.age(new InetSocketAddress('127.0.0.9', 5300)) == 0
    reuse.age(new InetSocketAddress('127.0.0.1', 5300)) == Reuse.NOT_NOW
    reuse.age(new InetSocketAddress('192.0.2.7', 5300)) == Reuse.NOT_NOW
  }

  def "views need one view at least"() {
    when:
    new Views('authority', [])

    then:
    thrown(IllegalArgumentException)
  }
}
