package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Scratch
import spock.lang.Specification

/** {@code diff OLD NEW [--queries FILE]}: every answer that changes between two versions, before and after. */
class DiffCommandSpec extends Specification {

  // Copies without the journals other specs' updates may leave beside the zones.
  static final Path HOME = TestCommandSpec.copies()
  static final Path ZONE = HOME.resolve('zones/example.com.zone')
  static final Path RULES = HOME.resolve('samples/workstation.groovy')

  def "a changed address and a removed name are shown before and after, and it exits 1"() {
    given:
    def changed = write('new', '.zone', Files.readString(ZONE).replace('192.0.2.80', '192.0.2.81')
        .replaceAll(/(?m)^mail .*$/, ''))

    when:
    def (code, out, err) = diff(ZONE.toString(), changed.toString())

    then:
    code == 1
    err == ''
    out.contains(""";; www.example.com. A changed
;; before (${ZONE}):
;; status: NOERROR, aa
;; ANSWER SECTION:
www.example.com.\t3600\tIN\tA\t192.0.2.80
;; after (${changed}):
;; status: NOERROR, aa
;; ANSWER SECTION:
www.example.com.\t3600\tIN\tA\t192.0.2.81
""")
    out.contains(';; mail.example.com. A changed')
    out.contains(';; status: NXDOMAIN, aa')
    !out.contains(';; ns1.example.com. A changed')
    out.readLines().last() ==~ /3 of \d+ answers changed/
  }

  def "the example zone in BIND and in Groovy answers every question alike, and it exits 0"() {
    when:
    def (code, out, err) = diff(ZONE.toString(), HOME.resolve('zones/example.com.groovy').toString())

    then:
    code == 0
    err == ''
    out.readLines().size() == 1
    out.readLines()[0] ==~ /0 of (1[5-9]|[2-9]\d) answers changed/
  }

  def "two versions of a rule file are compared on the questions given"() {
    given:
    def changed = write('rules', '.groovy', Files.readString(RULES).replace('172.0.2.', '172.0.3.'))
    def queries = write('queries', '.txt', '# one question a line\nworkstation7.example.com A\nserver7.example.com\n')

    when:
    def (code, out, err) = diff(RULES.toString(), changed.toString(), '--queries', queries.toString())

    then:
    code == 1
    out.contains(';; workstation7.example.com. A changed')
    out.contains('172.0.2.7') && out.contains('172.0.3.7')
    out.readLines().last() == '1 of 2 answers changed'
  }

  def "#what exits 2 with one line saying where"() {
    given:
    def bad = write('bad', '.zone', '$ORIGIN example.net.\n$TTL 60\n@ IN SOA ns hostmaster 1 2 3 4 5\nwww IN A 192.0.2.999\n')
    def queries = write('queries', '.txt', 'www.example.com A\nwww.example.com NOTATYPE\n')
    def args = argsOf.collect { it.replace('BAD', bad.toString()).replace('QUERIES', queries.toString()) }

    when:
    def (code, out, err) = diff(*args)

    then:
    code == 2
    err.trim().readLines().size() == 1
    err.contains(says.replace('BAD', bad.toString()).replace('QUERIES', queries.toString()))

    where:
    what                          | argsOf                                                 | says
    'a zone with a mistake'       | [ZONE.toString(), 'BAD']                               | 'BAD:4'
    'rule files without queries'  | [RULES.toString(), RULES.toString()]                   | 'give --queries FILE'
    'a bad question'              | [ZONE.toString(), ZONE.toString(), '--queries', 'QUERIES'] | 'QUERIES:2: a question is NAME [TYPE]'
    'a zone against rules'        | [ZONE.toString(), RULES.toString()]                    | 'compare like with like'
    'one file'                    | [ZONE.toString()]                                      | 'usage: java -jar loomdns.jar diff'
  }

  static List diff(String... args) {
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    int code = DiffCommand.run(args as List, new PrintStream(out, true), new PrintStream(err, true))
    [code, out.toString(), err.toString()]
  }

  static Path write(String prefix, String suffix, String text) {
    def f = Scratch.file(prefix, suffix)
    Files.writeString(f, text)
    f
  }
}
