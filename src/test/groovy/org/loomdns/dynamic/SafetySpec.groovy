package org.loomdns.dynamic

import static org.loomdns.dynamic.Rules.load
import static org.loomdns.dynamic.Rules.write

import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.CompletableFuture
import org.loomdns.support.Scratch
import org.loomdns.support.TestServer
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import spock.lang.Specification

/** A broken or runaway rule costs its own query a SERVFAIL and nothing more. */
class SafetySpec extends Specification {

  static final String HEALTHY = "rule(name: 'ok.example.com') { q, m -> answer A(q.name, '192.0.2.1') }\n"

  def "a file with #mistake does not load, and the error names file and line #line"() {
    when:
    load(text)

    then:
    def e = thrown(RuleLoadException)
    e.message.contains("rules.groovy:$line: ")
    e.message.contains(says)

    where:
    mistake                    | text                                                                       || line | says
    'a syntax error'           | HEALTHY + "rule(type: A) { q, m -> answer A(q.name, '1.2.3.4') }}"        || 2    | 'Unexpected'
    'an unknown option'        | HEALTHY + "rule(nmae: 'x.example') { q, m -> pass() }"                    || 2    | "no option 'nmae'"
    'a bad address range'      | HEALTHY + "\nrule(client: '10.0.0.0/99') { q, m -> pass() }"              || 3    | 'prefix /99'
    'an unknown type'          | HEALTHY + "rule(type: 'BOGUS') { q, m -> pass() }"                        || 2    | "'BOGUS' is not a record type"
    'a bad regex'              | HEALTHY + "rule(name: ~/(/) { q, m -> pass() }"                           || 2    | 'Unclosed group'
    'a bad transport'          | HEALTHY + "rule(transport: 'quic') { q, m -> pass() }"                   || 2    | 'UDP or TCP'
    'a closure of three'       | HEALTHY + "rule { a, b, c -> pass() }"                                    || 2    | '{ q, m -> ... }'
    'a top level that throws'  | HEALTHY + "\n\nthrow new IllegalStateException('no data')"                || 4    | 'no data'
    'a missing data file'      | "def hosts = file('missing.txt').readLines()\n" + HEALTHY                 || 1    | 'missing.txt'
    'rule() without a body'    | HEALTHY + "rule(name: 'x.example')"                                       || 2    | 'rule'
  }

  def "a rule's body that #fails gives SERVFAIL for its query, and the server goes on answering"() {
    given:
    def server = TestServer.withZones([], [dynamic: load(HEALTHY + "rule(name: 'bad.example.com') { q, m -> $body }", Duration.ofMillis(300))])

    when:
    def bad = server.query('bad.example.com', Type.A)

    then:
    bad.rcode == Rcode.SERVFAIL
    server.query('ok.example.com', Type.A).getSection(1)*.rdataToString() == ['192.0.2.1']
    server.query('ok.example.com', Type.A, [tcp: true]).getSection(1)*.rdataToString() == ['192.0.2.1']
    server.query('bad.example.com', Type.A, [tcp: true]).rcode == Rcode.SERVFAIL

    cleanup:
    server?.close()

    where:
    fails                            | body
    'throws'                         | "throw new RuntimeException('boom')"
    'divides by zero'                | "answer A(q.name, '192.0.2.' + (1 / 0))"
    'makes a bad record'             | "answer A(q.name, '999.0.2.1')"
    'calls an unknown constructor'   | "answer AA(q.name, '192.0.2.1')"
    'returns a string'               | "'192.0.2.1'"
    'declares a rule at query time'  | "rule { pass() }"
    'loops forever'                  | "while (true) {}"
    'loops forever in a closure'     | "(1..Integer.MAX_VALUE).each { it * 2 }; nodata()"
    'sleeps'                         | "Thread.sleep(60_000); nodata()"
    'recurses without end'           | "def f; f = { n -> f(n + 1) }; f(0)"
  }

  def "a rule that spins does not hold the other queries"() {
    given:
    def flag = Scratch.dir('flag').resolve('go')
    def rules = load(HEALTHY + """
      rule(name: 'slow.example.com') { q, m ->
        while (!new File('${flag}').exists()) { Thread.onSpinWait() }
        answer A(q.name, '192.0.2.2')
      }""", Duration.ofSeconds(30))
    def server = TestServer.withZones([], [dynamic: rules])

    when:
    def slow = CompletableFuture.supplyAsync { server.query('slow.example.com', Type.A, [tcp: true]) }
    def others = (1..5).collect { server.query('ok.example.com', Type.A) }

    then:
    others.every { it.getSection(1)*.rdataToString() == ['192.0.2.1'] }
    !slow.done

    when:
    Files.createFile(flag)

    then:
    slow.get().getSection(1)*.rdataToString() == ['192.0.2.2']

    cleanup:
    server?.close()
  }

  def "a reload with a broken file keeps the old rules serving; a good one replaces them"() {
    given:
    def file = write("rule(name: 'v.example.com') { q, m -> answer TXT(q.name, 'one') }")
    def rules = DynamicResolver.load([file], [], Duration.ofSeconds(5))

    when:
    file.toFile().text = "rule(name: 'v.example.com') { q, m -> answer TXT(q.name, 'two') "
    def broken = rules.reload()

    then:
    !broken
    rules.resolve(Rules.query('v.example.com', 'TXT')).answer()[0].strings == ['one']

    when:
    file.toFile().text = "rule(name: 'v.example.com') { q, m -> answer TXT(q.name, 'two') }"
    def good = rules.reload()

    then:
    good
    rules.resolve(Rules.query('v.example.com', 'TXT')).answer()[0].strings == ['two']
  }

  def "the time limit must be positive"() {
    when:
    DynamicResolver.load([], [], Duration.ZERO)

    then:
    thrown(IllegalArgumentException)
  }
}
