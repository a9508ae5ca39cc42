package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import javax.xml.parsers.DocumentBuilderFactory
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.Shared
import spock.lang.Specification

/**
 * {@code test DIR|FILE…} as a user runs it, in its own JVM: the samples pass; a wrong expectation
 * fails with the real reply and exit code 1; a syntax error is file:line; JUnit XML for CI.
 */
class TestCommandSpec extends Specification {

  static final Path SAMPLE = Path.of('samples/tests/ExampleZoneSpec.groovy')

  /** A copy of zones/ and samples/ without the journals other specs' updates may leave beside the zones. */
  @Shared Path home = copies()

  static Path copies() {
    def home = Scratch.dir('test-command')
    ['zones', 'samples'].each { TestingDocsSpec.copyTree(Path.of(it), home.resolve(it)) }
    home
  }

  def "test samples/tests runs every sample spec, each feature passes, and it exits 0"() {
    when:
    def (code, out) = LoomProcess.run(['test', 'samples/tests'], home.toFile())

    then:
    code == 0
    ['ExampleZoneSpec', 'WorkstationRuleSpec', 'CachingForwarderSpec'].every { spec -> out.contains("PASS  ${spec}: ") }
    !out.contains('FAIL')
    def summary = out.readLines().last()
    summary ==~ /\d+ passed, 0 failed/
    (summary =~ /\d+/)[0] as int == out.readLines().count { it.startsWith('PASS  ') }
  }

  def "a spec expecting the wrong address fails with the real reply, where it failed, and exit code 1"() {
    given:
    def spec = userSpec('WrongAddressSpec', Files.readString(SAMPLE).replace("== ['192.0.2.80']", "== ['192.0.2.81']"))

    when:
    def (code, out) = LoomProcess.run(['test', spec.toString()])

    then:
    code == 1
    out.contains("FAIL  WrongAddressSpec: www has its web server's addresses")
    out.contains("at ${spec}:${lineOf(spec, '192.0.2.81')}")
    out.contains("resolve('www.example.com', A) == ['192.0.2.81']")
    out.contains('status: NOERROR')
    out.contains('www.example.com.\t3600\tIN\tA\t192.0.2.80')
    out.readLines().last() ==~ /\d+ passed, 1 failed/
  }

  def "a spec with a syntax error gives its file and line, and exit code 1"() {
    given:
    def spec = userSpec('BrokenSpec', Files.readString(SAMPLE).replace("resolve('www.example.com', A) == ['192.0.2.80']",
        "resolve('www.example.com', A) == ['192.0.2.80'] )"))

    when:
    def (code, out) = LoomProcess.run(['test', spec.toString()])

    then:
    code == 1
    out.readLines().any { it.startsWith("${spec}:${lineOf(spec, "['192.0.2.80'] )")}:") }
    !out.contains('\tat ')
  }

  def "--junit-xml DIR writes the JUnit XML report CI systems read, failures included"() {
    given:
    def spec = userSpec('WrongAddressSpec', Files.readString(SAMPLE).replace("== ['192.0.2.80']", "== ['192.0.2.81']"))
    def xml = Scratch.dir('junit')

    when:
    def (code, out) = LoomProcess.run(['test', '--junit-xml', xml.toString(), spec.toString()])
    def report = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.resolve('TEST-spock.xml').toFile())
    def cases = report.getElementsByTagName('testcase')
    def failed = (0..<cases.length).collect { cases.item(it) }.findAll { it.getElementsByTagName('failure').length > 0 }

    then:
    code == 1
    report.documentElement.getAttribute('failures') == '1'
    cases.length >= out.readLines().count { it ==~ /(PASS|FAIL)  .*/ }
    failed*.getAttribute('name') == ["www has its web server's addresses"]
  }

  def "#what exits #exit with one line saying so"() {
    when:
    def (code, out) = LoomProcess.run(['test'] + args)

    then:
    code == exit
    out.contains(says)

    where:
    what                         | args                     | exit | says
    'no file or directory'       | []                       | 2    | 'usage: java -jar loomdns.jar test'
    'a directory without specs'  | ['zones']                | 2    | 'no *Spec.groovy file in [zones]'
    'a file that does not exist' | ['nothere/SomeSpec.groovy'] | 2 | 'nothere/SomeSpec.groovy: no such file or directory'
    'an unknown option'          | ['--junit', 'samples']   | 2    | 'unknown option --junit'
  }

  static Path userSpec(String name, String text) {
    def f = Scratch.dir('user-specs').resolve("${name}.groovy")
    def zone = copies().resolve('zones/example.com.zone')
    Files.writeString(f, text.replace('class ExampleZoneSpec', "class ${name}")
        .replace("'zones/example.com.zone'", "'${zone}'"))
    f
  }

  static int lineOf(Path file, String text) {
    Files.readAllLines(file).findIndexOf { it.contains(text) } + 1
  }
}
