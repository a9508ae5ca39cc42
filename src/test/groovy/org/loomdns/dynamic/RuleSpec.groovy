package org.loomdns.dynamic

import static org.loomdns.dynamic.Rules.describe
import static org.loomdns.dynamic.Rules.load
import static org.loomdns.dynamic.Rules.query

import java.util.concurrent.Callable
import java.util.concurrent.Executors
import org.xbill.DNS.DClass
import spock.lang.Specification

/** Which rule answers which query, and what it answers: rules × queries, in-process. */
class RuleSpec extends Specification {

  def "the seed's one-line rule answers #name #type with '#expected'"() {
    given:
    def rules = load('rule(type: A, name: ~/workstation(\\d+)\\..*/) { q, m -> answer A(q.name, "172.0.2.${m[1]}") }')

    expect:
    describe(rules.resolve(query(name, type))) == expected

    where:
    name                         | type   || expected
    'workstation7.example.com'   | 'A'    || 'NOERROR aa A 172.0.2.7'
    'WORKSTATION42.Example.COM'  | 'A'    || 'NOERROR aa A 172.0.2.42'
    'workstation0.lan'           | 'A'    || 'NOERROR aa A 172.0.2.0'
    'workstation7.example.com'   | 'AAAA' || 'PASS'
    'workstation.example.com'    | 'A'    || 'PASS'
    'workstationx.example.com'   | 'A'    || 'PASS'
    'www.example.com'            | 'A'    || 'PASS'
    'workstation7'               | 'A'    || 'PASS'
  }

  def "a rule matching on '#when' #verb #name #type from #client over #transport"() {
    given:
    def rules = load("rule($when) { q, m -> answer TXT(q.name, 'hit') }")

    expect:
    (describe(rules.resolve(query(name, type, client, transport))) == 'NOERROR aa TXT "hit"') == hit

    where:
    when                                       | name                  | type   | client       | transport || hit
    "name: 'www.example.com'"                  | 'www.example.com'     | 'TXT'  | '127.0.0.1'  | 'udp'     || true
    "name: 'www.example.com'"                  | 'WWW.EXAMPLE.COM'     | 'A'    | '127.0.0.1'  | 'udp'     || true
    "name: 'www.example.com.'"                 | 'www.example.com'     | 'A'    | '127.0.0.1'  | 'udp'     || true
    "name: 'www.example.com'"                  | 'a.www.example.com'   | 'A'    | '127.0.0.1'  | 'udp'     || false
    "suffix: 'example.com'"                    | 'example.com'         | 'A'    | '127.0.0.1'  | 'udp'     || true
    "suffix: 'example.com'"                    | 'a.b.Example.com'     | 'A'    | '127.0.0.1'  | 'udp'     || true
    "suffix: 'example.com'"                    | 'badexample.com'      | 'A'    | '127.0.0.1'  | 'udp'     || false
    "name: '*.example.com'"                    | 'a.b.example.com'     | 'A'    | '127.0.0.1'  | 'udp'     || true
    "name: '*.example.com'"                    | 'example.com'         | 'A'    | '127.0.0.1'  | 'udp'     || false
    "name: 'host?.example.com'"                | 'host1.example.com'   | 'A'    | '127.0.0.1'  | 'udp'     || true
    "name: 'host?.example.com'"                | 'host12.example.com'  | 'A'    | '127.0.0.1'  | 'udp'     || false
    "name: ~/[a-c]\\d+\\.example\\.com/"       | 'B7.example.com'      | 'A'    | '127.0.0.1'  | 'udp'     || true
    "name: ~/[a-c]\\d+\\.example\\.com/"       | 'd7.example.com'      | 'A'    | '127.0.0.1'  | 'udp'     || false
    "type: MX"                                 | 'x.example'           | 'MX'   | '127.0.0.1'  | 'udp'     || true
    "type: MX"                                 | 'x.example'           | 'A'    | '127.0.0.1'  | 'udp'     || false
    "type: [A, AAAA]"                          | 'x.example'           | 'AAAA' | '127.0.0.1'  | 'udp'     || true
    "type: 'aaaa'"                             | 'x.example'           | 'AAAA' | '127.0.0.1'  | 'udp'     || true
    "type: ANY"                                | 'x.example'           | 'SRV'  | '127.0.0.1'  | 'udp'     || true
    "client: '10.0.0.0/8'"                     | 'x.example'           | 'A'    | '10.9.9.9'   | 'udp'     || true
    "client: '10.0.0.0/8'"                     | 'x.example'           | 'A'    | '11.0.0.1'   | 'udp'     || false
    "client: ['192.0.2.1', '2001:db8::/32']"   | 'x.example'           | 'A'    | '2001:db8::5'| 'udp'     || true
    "client: ['192.0.2.1', '2001:db8::/32']"   | 'x.example'           | 'A'    | '192.0.2.2'  | 'udp'     || false
    "client: '127.0.0.0/8'"                    | 'x.example'           | 'A'    | '::ffff:127.0.0.9' | 'udp' || true
    "transport: TCP"                           | 'x.example'           | 'A'    | '127.0.0.1'  | 'tcp'     || true
    "transport: TCP"                           | 'x.example'           | 'A'    | '127.0.0.1'  | 'udp'     || false
    "transport: 'udp', type: A"                | 'x.example'           | 'A'    | '127.0.0.1'  | 'udp'     || true
    verb = hit ? 'matches' : 'does not match'
  }

  def "a rule matches class IN unless told otherwise: #when on class #dclass #verb"() {
    given:
    def rules = load("rule($when) { q, m -> nodata() }")

    expect:
    (rules.resolve(query('version.bind', 'TXT', '127.0.0.1', 'udp', DClass.value(dclass))) != org.loomdns.chain.Outcome.PASS) == hit

    where:
    when           | dclass || hit
    "type: TXT"    | 'IN'   || true
    "type: TXT"    | 'CH'   || false
    "class: CH"    | 'CH'   || true
    "dclass: CH"   | 'IN'   || false
    "class: ANY"   | 'HS'   || true
    verb = hit ? 'matches' : 'does not match'
  }

  def "a rule's body can answer '#body' and the stage gives '#expected'"() {
    given:
    def rules = load("rule(name: 'x.example.com') { q, m -> $body }")

    expect:
    describe(rules.resolve(query('x.example.com', 'A'))) == expected

    where:
    body                                                         || expected
    "answer A(q.name, '192.0.2.1'), A(q.name, '192.0.2.2')"      || 'NOERROR aa A 192.0.2.1 A 192.0.2.2'
    "answer([A(q.name, '192.0.2.1'), AAAA(q.name, '2001:db8::1')])" || 'NOERROR aa A 192.0.2.1 AAAA 2001:db8:0:0:0:0:0:1'
    "answer CNAME(q.name, 'y.example.com'), A('y.example.com', '192.0.2.9')" || 'NOERROR aa CNAME y.example.com. A 192.0.2.9'
    "answer MX(q.name, 10, 'mail.example.com')"                  || 'NOERROR aa MX 10 mail.example.com.'
    "answer TXT(q.name, 'a', 'b')"                               || 'NOERROR aa TXT "a" "b"'
    "A(q.name, '192.0.2.3')"                                     || 'NOERROR aa A 192.0.2.3'
    "nxdomain()"                                                 || 'NXDOMAIN aa'
    "nodata()"                                                   || 'NOERROR aa'
    "answer()"                                                   || 'NOERROR aa'
    "answer([], authority: [NS('x.example.com', 'ns.example.net')])" || 'NOERROR'
    "nxdomain(authority: [NS('example.com', 'ns.example.net')])"  || 'NXDOMAIN aa'
    "refused()"                                                  || 'REFUSED'
    "servfail()"                                                 || 'SERVFAIL'
    "drop()"                                                     || 'DROP'
    "pass()"                                                     || 'PASS'
    "null"                                                       || 'PASS'
    "q.type == A ? answer(A(q.name, '192.0.2.4')) : nodata()"    || 'NOERROR aa A 192.0.2.4'
    "def answer = { x -> nxdomain() }; answer(1)"                || 'NXDOMAIN aa'
    "def A = { n, a -> TXT(n, 'local') }; answer(A(q.name, '192.0.2.5'))" || 'NOERROR aa TXT "local"'
    "[1, 2].collect { A(q.name, '192.0.2.' + it) }.with { answer(it) }" || 'NOERROR aa A 192.0.2.1 A 192.0.2.2'
    "{ -> { -> answer(A(q.name, '192.0.2.6')) }() }()"            || 'NOERROR aa A 192.0.2.6'
  }

  def "a helper method of the rule file can be called from a rule's body"() {
    given:
    def rules = load("""
      def address(n) { '192.0.2.' + n }
      rule(name: 'x.example.com') { q, m -> answer A(q.name, address(7)) }
    """)

    expect:
    describe(rules.resolve(query('x.example.com', 'A'))) == 'NOERROR aa A 192.0.2.7'
  }

  def "records go in the section they are given for"() {
    given:
    def rules = load('''
      rule(name: 'x.example.com') { q, m ->
        answer(A(q.name, '192.0.2.1'), authority: [NS('example.com', 'ns1.example.com')],
               additional: A('ns1.example.com', '192.0.2.53'))
      }
      rule(name: 'gone.example.com') { q, m ->
        nxdomain(authority: SOA('example.com', 'ns1.example.com', 'admin.example.com', 1, 3600, 600, 86400, 60))
      }''')

    when:
    def a = rules.resolve(query('x.example.com'))
    def n = rules.resolve(query('gone.example.com'))

    then:
    a.answer()*.rdataToString() == ['192.0.2.1']
    a.authority()*.rdataToString() == ['ns1.example.com.']
    a.additional()*.name*.toString() == ['ns1.example.com.']
    n.rcode() == org.xbill.DNS.Rcode.NXDOMAIN
    n.authority()*.type == [org.xbill.DNS.Type.SOA]
  }

  def "records without a ttl live 60 seconds; ttl: sets it"() {
    given:
    def rules = load("rule(name: 'x.example.com') { q, m -> answer A(q.name, '192.0.2.1'), A(q.name, '192.0.2.2', ttl: '5m') }")

    expect:
    rules.resolve(query('x.example.com')).answer()*.TTL == [60L, 300L]
  }

  def "rules are tried in order and a rule that passes lets the next one answer"() {
    given:
    def rules = load('''
      rule(suffix: 'example.com') { q, m -> q.name.startsWith('skip') ? pass() : answer(TXT(q.name, 'first')) }
      rule(suffix: 'example.com') { q, m -> answer TXT(q.name, 'second') }''')

    expect:
    describe(rules.resolve(query('a.example.com', 'TXT'))) == 'NOERROR aa TXT "first"'
    describe(rules.resolve(query('skip.example.com', 'TXT'))) == 'NOERROR aa TXT "second"'
    describe(rules.resolve(query('example.org', 'TXT'))) == 'PASS'
  }

  def "the body sees the query: name as asked, type, class, client and transport"() {
    given:
    def rules = load('''rule { q, m -> answer TXT(q.name, q.name, q.typeName, "$q.type", "$q.dclass", q.client.hostAddress, "$q.transport") }''')

    expect:
    describe(rules.resolve(query('Mixed.Example.com', 'MX', '192.0.2.77', 'tcp'))) ==
        'NOERROR aa TXT "Mixed.Example.com" "MX" "15" "1" "192.0.2.77" "tcp"'
  }

  def "a body may take the query and the match, the query alone, or nothing: #closure"() {
    given:
    def rules = load("rule(name: 'x.example.com') $closure")

    expect:
    describe(rules.resolve(query('x.example.com', 'TXT'))) == 'NOERROR aa TXT "x.example.com"'

    where:
    closure << ["{ q, m -> answer TXT(q.name, m[0]) }", "{ q -> answer TXT(q.name, q.name) }",
                "{ answer TXT(it.name, it.name) }", "{ -> answer TXT('x.example.com', 'x.example.com') }"]
  }

  def "m holds the whole name, the groups and the named groups"() {
    given:
    def rules = load('''
      rule(name: ~/(?<host>[a-z]+)-(\\d+)\\.example\\.com/) { q, m -> answer TXT(q.name, m[0], m[1], m[2], m['host'], "${m.size()}") }
      rule(name: '*.*.example.org') { q, m -> answer TXT(q.name, m[1], m[2]) }
      rule(name: 'exact.example.net') { q, m -> answer TXT(q.name, m[0]) }''')

    expect:
    describe(rules.resolve(query('web-12.example.com', 'TXT'))) == 'NOERROR aa TXT "web-12.example.com" "web" "12" "web" "3"'
    describe(rules.resolve(query('a.b.example.org', 'TXT'))) == 'NOERROR aa TXT "a" "b"'
    describe(rules.resolve(query('exact.example.net', 'TXT'))) == 'NOERROR aa TXT "exact.example.net"'
  }

  def "state kept across queries stays right under concurrent queries"() {
    given:
    def rules = load('''
      import java.util.concurrent.atomic.AtomicLong
      def counter = new AtomicLong()
      rule(name: 'count.example.com') { q, m -> answer TXT(q.name, "${counter.incrementAndGet()}", ttl: 0) }''')
    def pool = Executors.newVirtualThreadPerTaskExecutor()

    when:
    def futures = (1..400).collect { pool.submit({ rules.resolve(query('count.example.com', 'TXT')) } as Callable) }
    def seen = futures.collect { it.get().answer()[0].strings[0] as long }

    then:
    seen.sort() == (1L..400L).toList()

    cleanup:
    pool.close()
  }

  def "the one-liner --dynamic #pattern #network answers #name #type with '#expected'"() {
    given:
    def rules = DynamicResolver.load([], [NetworkRule.parse(pattern, network)], DynamicResolver.DEFAULT_TIMEOUT)

    expect:
    describe(rules.resolve(query(name, type))) == expected

    where:
    pattern       | network     | name                          | type   || expected
    'workstation' | '172.0.2'   | 'workstation1.example.com'    | 'A'    || 'NOERROR aa A 172.0.2.1'
    'workstation' | '172.0.2'   | 'workstation255.example.com'  | 'A'    || 'NOERROR aa A 172.0.2.255'
    'workstation' | '172.0.2'   | 'workstation007.a.b.c'        | 'A'    || 'NOERROR aa A 172.0.2.7'
    'workstation' | '172.0.2'   | 'workstation256.example.com'  | 'A'    || 'NXDOMAIN aa'
    'workstation' | '172.0.2'   | 'workstation99999999999999.x' | 'A'    || 'NXDOMAIN aa'
    'workstation' | '172.0.2'   | 'workstation5.example.com'    | 'AAAA' || 'NOERROR aa'
    'workstation' | '172.0.2'   | 'workstation.example.com'     | 'A'    || 'PASS'
    'workstation' | '172.0.2'   | 'workstation5'                | 'A'    || 'PASS'
    'workstation' | '172.0.2'   | 'www.example.com'             | 'A'    || 'PASS'
    'pc'          | '10.1.2.'   | 'PC12.corp'                   | 'A'    || 'NOERROR aa A 10.1.2.12'
  }

  def "--dynamic refuses #pattern #network with a clear message"() {
    when:
    NetworkRule.parse(pattern, network)

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains(says)

    where:
    pattern       | network      || says
    'workstation' | '172.0'      || 'three octets'
    'workstation' | '172.0.2.1'  || 'three octets'
    'workstation' | '172.0.256'  || 'three octets'
    'work.station'| '172.0.2'    || 'start of a label'
    ''            | '172.0.2'    || 'start of a label'
  }
}
