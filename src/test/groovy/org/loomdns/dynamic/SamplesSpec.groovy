package org.loomdns.dynamic

import static org.loomdns.dynamic.Rules.describe
import static org.loomdns.dynamic.Rules.query

import java.nio.file.Path
import java.time.Duration
import org.loomdns.chain.Outcome
import org.loomdns.chain.Resolver
import org.loomdns.support.TestServer
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.Specification

/** Every rule file in samples/ (the examples of docs/rules.md) through a real server and socket. */
class SamplesSpec extends Specification {

  /** A stand-in for the stage after ours: it answers every query it gets with TXT "next stage". */
  static final Resolver NEXT = new Resolver() {
    String name() { 'forwarder' }

    Outcome resolve(org.loomdns.chain.Query q) {
      new Outcome.Answer(Rcode.NOERROR, false, [new TXTRecord(q.name(), 1, 0, 'next stage')], [], [])
    }
  }

  TestServer server

  TestServer serve(String... samples) {
    def rules = DynamicResolver.load(samples.collect { Path.of('samples', it) }, [], Duration.ofSeconds(5))
    server = TestServer.withZones([], [dynamic: rules, forwarder: NEXT])
  }

  static String reply(Message m) {
    ([Rcode.string(m.rcode)] + m.getSection(Section.ANSWER).collect { Type.string(it.type) + ' ' + Rules.rdata(it) }).join(' ')
  }

  def cleanup() {
    server?.close()
  }

  def "workstation.groovy answers #name #type with '#expected'"() {
    given:
    serve('workstation.groovy')

    expect:
    reply(server.query(name, Type.value(type))) == expected

    where:
    name                          | type   || expected
    'workstation7.example.com'    | 'A'    || 'NOERROR A 172.0.2.7'
    'workstation255.corp.example' | 'A'    || 'NOERROR A 172.0.2.255'
    'workstation256.example.com'  | 'A'    || 'NXDOMAIN'
    'workstation7.example.com'    | 'AAAA' || 'NOERROR TXT "next stage"'
    'www.example.com'             | 'A'    || 'NOERROR TXT "next stage"'
  }

  def "workstation.groovy's answers are authoritative"() {
    given:
    serve('workstation.groovy')

    expect:
    server.query('workstation7.example.com').header.getFlag(org.xbill.DNS.Flags.AA)
  }

  def "split-horizon.groovy answers a client on 127.0.0.1 with the inside view"() {
    given:
    serve('split-horizon.groovy')

    expect:
    reply(server.query('intranet.example.com')) == 'NOERROR A 10.1.2.3'
    reply(server.query('build.example.com')) == 'NOERROR A 10.1.2.4'
    reply(server.query('build.example.com', Type.MX)) == 'NOERROR'
  }

  def "split-horizon.groovy answers a client at #client with '#intranet' and '#build'"() {
    given:
    def rules = DynamicResolver.load([Path.of('samples/split-horizon.groovy')], [], Duration.ofSeconds(5))

    expect:
    describe(rules.resolve(query('intranet.example.com', 'A', client))) == intranet
    describe(rules.resolve(query('build.example.com', 'A', client))) == build

    where:
    client        || intranet                  | build
    '10.20.30.40' || 'NOERROR aa A 10.1.2.3'   | 'NOERROR aa A 10.1.2.4'
    '::1'         || 'NOERROR aa A 10.1.2.3'   | 'NOERROR aa A 10.1.2.4'
    '203.0.113.5' || 'NOERROR aa A 192.0.2.80' | 'REFUSED'
    '2001:db8::1' || 'NOERROR aa A 192.0.2.80' | 'REFUSED'
  }

  def "round-robin.groovy gives the whole pool each time, starting one further along"() {
    given:
    serve('round-robin.groovy')

    when:
    def answers = (1..3).collect { server.query('pool.example.com').getSection(Section.ANSWER)*.rdataToString() }

    then:
    answers.every { it.sort(false) == ['192.0.2.11', '192.0.2.12', '192.0.2.13'] }
    answers*.getAt(0).toSet().size() == 3
    answers.every { a -> answers.every { b -> a == b || (a + a).join(' ').contains(b.join(' ')) } }
  }

  def "dictionary.groovy answers #name #type from hosts.txt with '#expected'"() {
    given:
    serve('dictionary.groovy')

    expect:
    reply(server.query(name, Type.value(type))) == expected

    where:
    name          | type   || expected
    'printer.lan' | 'A'    || 'NOERROR A 192.168.1.20'
    'NAS.lan'     | 'A'    || 'NOERROR A 192.168.1.21'
    'router.lan'  | 'A'    || 'NOERROR A 192.168.1.1'
    'router.lan'  | 'MX'   || 'NOERROR'
    'nope.lan'    | 'A'    || 'NXDOMAIN'
    'printer.com' | 'A'    || 'NOERROR TXT "next stage"'
  }

  def "passing.groovy passes every query down the chain and counts them by type"() {
    given:
    serve('passing.groovy')

    when:
    def replies = [['a.example', Type.A], ['b.example', Type.A], ['c.example', Type.MX]].collect { n, t -> reply(server.query(n, t)) }
    def counts = server.query('count.loomdns.internal', Type.TXT).getSection(Section.ANSWER).collect { it.strings[0] }

    then:
    replies.every { it == 'NOERROR TXT "next stage"' }
    counts == ['A=2', 'MX=1', 'TXT=1']
  }

  def "all the samples load together, in one stage"() {
    when:
    serve('workstation.groovy', 'split-horizon.groovy', 'round-robin.groovy', 'dictionary.groovy', 'passing.groovy')

    then:
    reply(server.query('workstation9.example.com')) == 'NOERROR A 172.0.2.9'
    reply(server.query('printer.lan')) == 'NOERROR A 192.168.1.20'
  }
}
