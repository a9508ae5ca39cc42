package org.loomdns.cli

import java.time.Duration
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.Requires
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type
import spock.lang.Specification

/** --script, --dynamic and --script-timeout as a user meets them: a real process, real dig. */
class DynamicCliSpec extends Specification {

  File dir = Scratch.dir('dynamic').toFile()
  int port = LoomProcess.freePort()
  LoomProcess server

  /** Starts loomdns with {@code args} on 127.0.0.1 and waits until it serves. */
  LoomProcess serve(List<String> args) {
    server = LoomProcess.start(args + ['-i', '127.0.0.1', '-p', port as String])
    assert server.awaitOutput('serving with stages', 120)
    server
  }

  String dig(String... args) {
    Dig.run(['@127.0.0.1', '-p', port as String] + (args as List))
  }

  File rules(String name, String text) {
    def f = new File(dir, name)
    f.text = text
    f
  }

  def cleanup() {
    server?.close()
  }

  def "--help lists the dynamic options"() {
    when:
    def (code, out) = LoomProcess.run(['--help'])

    then:
    code == 0
    ['--script', '--dynamic', '--script-timeout', '--script-max-alloc', '--script-threads'].every { out.contains(it) }
    out.contains('Default: 64m')
    out.contains('Default: 100')
  }

  @Requires({ Dig.available() })
  def "--dynamic workstation 172.0.2 answers workstation<N> through dig, NXDOMAIN past 255, REFUSED elsewhere"() {
    given:
    serve(['--dynamic', 'workstation', '172.0.2', '--dynamic', 'pc', '10.1.2'])

    expect:
    dig('+short', 'workstation7.example.com', 'A').trim() == '172.0.2.7'
    dig('+short', 'workstation254.some.where', 'A').trim() == '172.0.2.254'
    dig('workstation256.example.com', 'A').contains('status: NXDOMAIN')
    dig('www.example.com', 'A').contains('status: REFUSED')
    dig('+short', 'pc3.corp', 'A').trim() == '10.1.2.3'
    server.process.alive
  }

  @Requires({ Dig.available() })
  def "samples/workstation.groovy answers through dig with AA set, and other names fall through"() {
    given:
    serve(['--script', 'samples/workstation.groovy'])

    when:
    def out = dig('workstation42.example.com', 'A')

    then:
    out.contains('status: NOERROR')
    out.find(/flags: ([a-z ]+);/) { all, flags -> flags.split(' ').contains('aa') }
    out.contains('workstation42.example.com. 60 IN A\t172.0.2.42') || out.replaceAll(/\s+/, ' ').contains('workstation42.example.com. 60 IN A 172.0.2.42')
    dig('+tcp', '+short', 'workstation43.example.com', 'A').trim() == '172.0.2.43'
    dig('www.example.com', 'A').contains('status: REFUSED')
  }

  def "a rule file with #what stops start-up with file and line and exit 1"() {
    given:
    def f = rules('broken.groovy', text)

    when:
    def (code, out) = LoomProcess.run(['--script', f.path, '-i', '127.0.0.1', '-p', '0'])

    then:
    code == 1
    out.trim().readLines().size() == 1
    out.startsWith("loomdns: ${f.path}:2: ")
    !out.contains('\tat ')

    where:
    what              | text
    'a syntax error'  | "// rules\nrule(type: A) { q, m -> answer A(q.name, '192.0.2.1') "
    'a bad option'    | "// rules\nrule(tyep: A) { q, m -> pass() }"
  }

  def "#what is a usage error"() {
    when:
    def (code, out) = LoomProcess.run(['-p', '0'] + args)

    then:
    code == 2
    out.startsWith('loomdns: ')
    out.contains(says)

    where:
    what                         | args                                                         || says
    'a --dynamic network of two' | ['--dynamic', 'workstation', '172.0']                        || 'three octets'
    '--dynamic with one value'   | ['--dynamic', 'workstation']                                 || '--dynamic'
    'a zero --script-timeout'    | ['--dynamic', 'pc', '10.0.0', '--script-timeout', '0']       || '--script-timeout'
    'a missing rule file'        | ['--script', '/nonexistent/rules.groovy']                    || 'no such file'
    'a --script-max-alloc of 5x' | ['--dynamic', 'pc', '10.0.0', '--script-max-alloc', '5x']     || '--script-max-alloc'
    'a negative --script-threads' | ['--dynamic', 'pc', '10.0.0', '--script-threads', '-1']     || '--script-threads'
  }

  @Requires({ Dig.available() })
  def "a rule that throws or runs too long gives SERVFAIL and one log line with its file and line"() {
    given:
    def f = rules('faulty.groovy', '''rule(name: 'ok.example.com') { q, m -> answer A(q.name, '192.0.2.1') }
rule(name: 'boom.example.com') { q, m ->
  throw new IllegalStateException('no luck')
}
rule(name: 'spin.example.com') { q, m ->
  while (true) { }
}
''')
    serve(['--script', f.path, '--script-timeout', '200'])

    expect:
    dig('boom.example.com', 'A').contains('status: SERVFAIL')
    server.awaitOutput("${f.path}:3: rule failed on boom.example.com A IN from 127.0.0.1 over udp: no luck")
    server.output.readLines().count { it.contains('boom.example.com') } == 1
    dig('spin.example.com', 'A').contains('status: SERVFAIL')
    server.awaitOutput("${f.path}:6: rule ran past 200 ms on spin.example.com")
    dig('+short', 'ok.example.com', 'A').trim() == '192.0.2.1'
    dig('+tcp', '+short', 'ok.example.com', 'A').trim() == '192.0.2.1'
    server.process.alive
  }

  @Requires({ Dig.available() })
  def "a rule that allocates past --script-max-alloc gets SERVFAIL and a log line, and the other rules answer"() {
    given:
    def f = rules('greedy.groovy', """rule(name: 'ok.example.com') { q, m -> answer A(q.name, '192.0.2.1') }
rule(name: 'greedy.example.com') { q, m ->
  def keep = []
  while (true) { keep << new byte[1 << 20] }
}
""")
    serve(['--script', f.path, '--script-max-alloc', '16m', '--script-timeout', '2000'])

    expect:
    dig('greedy.example.com', 'A').contains('status: SERVFAIL')
    server.awaitOutput("${f.path}:4: rule allocated more than 16777216 bytes on greedy.example.com")
    dig('+short', 'ok.example.com', 'A').trim() == '192.0.2.1'
    server.process.alive
  }

  def "check --script counts a good rule file's rules and exits 0"() {
    given:
    def f = rules('two.groovy', """rule(name: 'a.example.com') { q, m -> answer A(q.name, '192.0.2.1') }
rule(suffix: 'example.net') { q, m -> PASS }
""")

    when:
    def (code, out) = LoomProcess.run(['check', '--script', f.path, '--script', 'samples/workstation.groovy'])

    then:
    code == 0
    out.contains("${f.path}: 2 rules: OK")
    out.contains('samples/workstation.groovy: 1 rule: OK')
  }

  def "check --script reports #what with file and line and exits 1"() {
    given:
    def f = rules('bad.groovy', text)

    when:
    def (code, out) = LoomProcess.run(['check', '--script', f.path])

    then:
    code == 1
    out.contains("${f.path}:${line}: ${says}")

    where:
    what                      | text                                                      || line | says
    'an unknown option'       | "rule(name: 'a.test') { q, m -> PASS }\nrule(nmae: 'b') {}\n" || 2    | "rule has no option 'nmae'"
    'a bad regex'             | "\n\nrule(name: ~/work(station/) { q, m -> PASS }\n"       || 3    | 'Unclosed group'
    'a top level that throws' | "\nthrow new IllegalStateException('inventory missing')\n"   || 2    | 'inventory missing'
    'a backreference'         | "rule(name: 'a.test') { q, m -> PASS }\nrule(name: ~/(a)\\1/) { q, m -> PASS }\n" || 2 | 'name: ~/(a)'
  }

  def "check with --script and no file is a usage error"() {
    when:
    def (code, out) = LoomProcess.run(['check', '--script'])

    then:
    code == 2
    out.contains('usage: java -jar loomdns.jar check [--config FILE]... [--script RULES]... [ZONE]...')
  }

  def "a rule that throws on every query is logged ten times, not once per query, and every query gets SERVFAIL"() {
    given:
    def f = rules('always.groovy', "rule(name: ~/h\\d+\\.always\\.test/) { q, m -> throw new IllegalStateException('no inventory') }\n")
    serve(['--script', f.path])
    def resolver = new SimpleResolver('127.0.0.1')
    resolver.port = port
    resolver.timeout = Duration.ofSeconds(5)

    when:
    def rcodes = (1..200).collect {
      resolver.send(Message.newQuery(Record.newRecord(Name.fromString("h${it}.always.test."), Type.A, DClass.IN))).rcode
    }

    then:
    rcodes.every { it == Rcode.SERVFAIL }
    server.awaitOutput('h10.always.test')
    !server.awaitOutput('h11.always.test', 2)
    server.output.readLines().count { it.contains('rule failed on') } == 10
    server.process.alive
  }

  @Requires({ Dig.available() })
  def "SIGHUP reloads the rules; a broken new version leaves the old rules serving"() {
    given:
    def f = rules('live.groovy', "rule(name: 'v.example.com') { q, m -> answer TXT(q.name, 'one') }\n")
    serve(['--script', f.path])

    expect:
    dig('+short', 'v.example.com', 'TXT').trim() == '"one"'

    when:
    f.text = "rule(name: 'v.example.com') { q, m -> answer TXT(q.name, 'two') }\n"
    server.signal('HUP')

    then:
    server.awaitOutput('dynamic: 1 rules loaded from 1 files', 120)
    dig('+short', 'v.example.com', 'TXT').trim() == '"two"'

    when:
    f.text = "rule(name: 'v.example.com') { q, m -> answer TXT(q.name, 'three') }\nrule(\n"
    server.signal('HUP')

    then:
    server.awaitOutput('the previous rules keep serving', 120)
    server.output.contains("${f.path}:3: ") || server.output.contains("${f.path}:2: ")
    dig('+short', 'v.example.com', 'TXT').trim() == '"two"'
  }
}
