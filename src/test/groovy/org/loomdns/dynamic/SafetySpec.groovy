package org.loomdns.dynamic

import static org.loomdns.dynamic.Rules.load
import static org.loomdns.dynamic.Rules.write

import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.CompletableFuture
import org.loomdns.support.Scratch
import org.loomdns.stats.Drops
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
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
    'a backreference'          | HEALTHY + "rule(name: ~/(a)\\1\\.example/) { q, m -> pass() }"           || 2    | 'linear time'
    'a lookahead'              | HEALTHY + "rule(name: ~/(?=www).*/) { q, m -> pass() }"                   || 2    | 'linear time'
    'a lookbehind'             | HEALTHY + "rule(name: ~/.*(?<!www)\\.example/) { q, m -> pass() }"       || 2    | 'linear time'
    'a huge pattern'           | HEALTHY + "rule(name: ~/((a{50}){50}){50}/) { q, m -> pass() }"          || 2    | 'too large'
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

  /** Backtracks for seconds in java.util.regex on the names the specs below ask for. */
  static final String BACKTRACKS = '(.*a){12}b'
  static final String LONG_A = 'a' * 29 + 'c'
  static final String ZONE = '''$ORIGIN zone.test.
$TTL 300
@ IN SOA ns admin 1 3600 600 86400 60
@ IN NS ns
ns IN A 192.0.2.53
ok IN A 192.0.2.1
'''

  /** A real server with a zone and {@code text}'s rules under {@code limits}, counting into {@code drops}. */
  static TestServer serve(String text, RuleLimits limits, Drops drops) {
    TestServer.withZones([ZONE], [dynamic: DynamicResolver.load([write(HEALTHY + text)], [], limits, drops)])
  }

  /** Fire-and-forget UDP queries, as an attacker sends them. */
  static void fire(int port, String name, int times) {
    def socket = new DatagramSocket()
    byte[] q = Wire.query(name, Type.A)
    times.times { socket.send(new DatagramPacket(q, q.length, InetAddress.getByName('127.0.0.1'), port)) }
    socket.close()
  }

  /** Whether the zone and the healthy rule both answer, each given up to 3 s. */
  static boolean othersAnswer(TestServer server) {
    server.query('ok.zone.test', Type.A).getSection(1)*.rdataToString() == ['192.0.2.1'] &&
        server.query('ok.example.com', Type.A).getSection(1)*.rdataToString() == ['192.0.2.1']
  }

  def "a backtracking name pattern matches in linear time, and the server answers meanwhile"() {
    given:
    def drops = new Drops()
    def server = serve("rule(name: ~/$BACKTRACKS/) { q, m -> nodata() }", RuleLimits.defaults(Duration.ofMillis(100)), drops)

    when:
    fire(server.port, LONG_A + '.example', 5)

    then:
    othersAnswer(server)
    server.query(LONG_A + '.example', Type.A).rcode == Rcode.REFUSED
    server.query('a' * 12 + 'b', Type.A).rcode == Rcode.NOERROR
    drops.snapshot().values().every { it == 0 }

    cleanup:
    server?.close()
  }

  def "a body that #does gets SERVFAIL, counted as #kinds, and the zone and other rules answer meanwhile"() {
    given:
    def drops = new Drops()
    def server = serve("rule(suffix: 'attack.test') { q, m -> $body }", new RuleLimits(Duration.ofSeconds(1), 64 << 20, 8), drops)
    def attack = LONG_A + '.attack.test'

    when:
    fire(server.port, attack, 3)

    then:
    othersAnswer(server)
    server.query(attack, Type.A).rcode == Rcode.SERVFAIL
    othersAnswer(server)
    kinds.sum { drops.get(it) } >= 1

    cleanup:
    server?.close()

    where:
    does                           | body                                                        || kinds
    'backtracks in ==~'            | "q.name ==~ /$BACKTRACKS/ ? nodata() : nxdomain()"          || [Drops.Kind.RULE_TIMEOUT]
    'backtracks in =~'             | "(q.name =~ ~/$BACKTRACKS/).find() ? nodata() : nxdomain()" || [Drops.Kind.RULE_TIMEOUT]
    'allocates 100 MB at once'     | "def b = new byte[100 << 20]; nodata()"                     || [Drops.Kind.RULE_ALLOCATION]
    'allocates without end'        | "def l = []; while (true) { l << new byte[1 << 20] }"       || [Drops.Kind.RULE_ALLOCATION, Drops.Kind.RULE_TIMEOUT]
    'loops forever'                | "while (true) {}"                                           || [Drops.Kind.RULE_TIMEOUT]
    // Filling 150 MB can take longer than the time limit on a busy machine: whichever limit it meets first stops it.
    'allocates 150 MB in a String' | "def s = 'x' * 150_000_000; nodata()"                       || [Drops.Kind.RULE_ALLOCATION, Drops.Kind.RULE_TIMEOUT]
  }

  def "a body no interrupt stops is answered SERVFAIL at its deadline, and with every rule thread taken SERVFAIL at once"() {
    given: 'a regex reached through a String method, which is not bounded, and one rule thread'
    def drops = new Drops()
    def server = serve("rule(suffix: 'attack.test') { q, m -> q.name.matches('(.*a){10}b') ? nodata() : nxdomain() }",
        new RuleLimits(Duration.ofMillis(200), 0, 1), drops)
    def attack = LONG_A + '.attack.test'

    when:
    def replies = (1..8).collect { server.query(attack, Type.A).rcode }

    then:
    replies.every { it == Rcode.SERVFAIL }
    drops.get(Drops.Kind.RULE_TIMEOUT) >= 1
    drops.get(Drops.Kind.RULE_TIMEOUT) + drops.get(Drops.Kind.RULE_BUSY) == 8
    server.query('ok.zone.test', Type.A).getSection(1)*.rdataToString() == ['192.0.2.1']

    cleanup:
    server?.close()
  }

  def "with --script-threads 0 a body runs on its query's own thread: it answers, and #does is stopped at the deadline"() {
    given:
    def drops = new Drops()
    def server = serve("rule(name: 'ok.test') { q, m -> answer A(q.name, '192.0.2.7') }\n" +
        "rule(suffix: 'bad.test') { q, m -> $body }", new RuleLimits(Duration.ofMillis(100), 64 << 20, 0), drops)

    expect:
    server.query('ok.test', Type.A).getSection(1)*.rdataToString() == ['192.0.2.7']
    server.query(LONG_A + '.bad.test', Type.A).rcode == Rcode.SERVFAIL
    drops.get(Drops.Kind.RULE_TIMEOUT) == 1
    server.query('ok.test', Type.A).getSection(1)*.rdataToString() == ['192.0.2.7']
    server.query('ok.zone.test', Type.A).getSection(1)*.rdataToString() == ['192.0.2.1']

    cleanup:
    server?.close()

    where:
    does                       | body
    'a loop'                   | 'while (true) { }'
    'a backtracking =~'        | "q.name ==~ /(.*a){12}b/ ? nodata() : nxdomain()"
  }

  def "a rule that loops, asked 30 times a second, does not hold back the zone or other rules"() {
    given:
    def drops = new Drops()
    def server = serve("rule(name: 'loop.test') { q, m -> while (true) {} }", new RuleLimits(Duration.ofMillis(100), 64 << 20, 8), drops)
    def attacking = Thread.startVirtualThread {
      90.times { fire(server.port, 'loop.test', 1); Thread.sleep(33) }
    }

    when: 'while the attack goes on, bounded in count'
    def zone = (1..10).collect { server.query('ok.zone.test', Type.A).getSection(1)*.rdataToString() }
    def rule = (1..10).collect { server.query('ok.example.com', Type.A).rcode }

    then: 'the zone answers every time; the other rule answers, SERVFAIL only when its run found no free thread in time'
    zone.every { it == ['192.0.2.1'] }
    rule.every { it in [Rcode.NOERROR, Rcode.SERVFAIL] }
    rule.count { it == Rcode.NOERROR } >= 5

    when:
    attacking.join(20_000)

    then:
    !attacking.alive
    drops.get(Drops.Kind.RULE_TIMEOUT) >= 1
    server.query('loop.test', Type.A).rcode == Rcode.SERVFAIL

    cleanup:
    attacking?.interrupt()
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
