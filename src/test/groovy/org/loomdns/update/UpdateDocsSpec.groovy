package org.loomdns.update

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * docs/dynamic-updates-server.md run as written: its zone, its policy file, its commands (loomdns
 * on a free port instead of 5353), and what they print.
 */
class UpdateDocsSpec extends Specification {

  static List<String> blocks(String section) {
    String doc = Files.readString(Path.of('docs/dynamic-updates-server.md'))
    int start = doc.indexOf(section)
    int end = doc.indexOf('\n## ', start + 1)
    (doc.substring(start, end < 0 ? doc.length() : end) =~ /(?s)```\n(.*?)```/).collect { it[1] as String }
  }

  /** Starts loomdns as the block's first line says, on {@code port}. */
  static LoomProcess serve(String line, int port, Path dir) {
    assert line.startsWith('loomdns ') && line.endsWith(' &')
    def args = line.substring('loomdns '.length(), line.length() - 2).split(' ').collect { it.replace('5353', port as String) }
    def loom = LoomProcess.start(args, dir.toFile())
    assert loom.awaitOutput('serving with stages')
    loom
  }

  /** Runs the rest of a block in bash, on {@code port}; returns what it printed. */
  static String run(List<String> lines, int port, Path dir) {
    def p = new ProcessBuilder('bash', '-c', lines.join('\n').replace('5353', port as String))
        .directory(dir.toFile()).redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS)
    out
  }

  @IgnoreIf({ !Dig.available() })
  def "the page's nsupdate adds the record, and dig prints the raised serial and the record as shown"() {
    given:
    def (zone, commands, expected) = blocks('## Allowing updates')
    Path dir = Scratch.dir('update-docs')
    Files.writeString(dir.resolve('example.com.zone'), zone)
    int port = LoomProcess.freePort()
    def lines = commands.readLines()
    def loom = serve(lines[0], port, dir)

    when:
    def out = run(lines.drop(1), port, dir)

    then:
    out.readLines() == expected.readLines()
    loom.awaitOutput('update of example.com.: serial 1 to 2 in 1 of 1 updates')

    cleanup:
    loom?.close()
  }

  def "the page's policy file passes check, which prints what the page shows"() {
    given:
    def (policy, check) = blocks('## Update policy')
    Path dir = Scratch.dir('update-policy-docs')
    Files.writeString(dir.resolve('update-policy.groovy'), policy)
    def lines = check.readLines()
    def prefix = '$ java -jar target/loomdns.jar '

    when:
    assert lines[0].startsWith(prefix)
    def (code, out) = LoomProcess.run(lines[0].substring(prefix.length()).split(' ') as List, dir.toFile())

    then:
    code == 0
    out.readLines() == lines.drop(1)
  }

  def "served with the page's policy, the ACME key is refused the change to www, and the log says why"() {
    given:
    def (policy, check, commands) = blocks('## Update policy')
    Path dir = Scratch.dir('update-policy-docs')
    Files.writeString(dir.resolve('update-policy.groovy'), policy)
    Files.writeString(dir.resolve('example.com.zone'), blocks('## Allowing updates')[0])
    int port = LoomProcess.freePort()
    def lines = commands.readLines()
    def loom = serve(lines[0], port, dir)

    when:
    def out = run(lines.drop(1), port, dir)

    then:
    out.contains('update failed: REFUSED')
    loom.awaitOutput('update of example.com. REFUSED: key acme. from 127.0.0.1 may not change www.example.com. TXT')

    cleanup:
    loom?.close()
  }
}
