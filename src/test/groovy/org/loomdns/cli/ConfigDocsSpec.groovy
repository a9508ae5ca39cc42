package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * docs/configuration.md run as written: its check command and output, its table of mistakes, its
 * table of every setting, and its flags line, which must answer as samples/loomdns.conf.groovy does.
 */
class ConfigDocsSpec extends Specification {

  static final String PREFIX = '$ java -jar target/loomdns.jar '
  static final String DOC = Files.readString(Path.of('docs/configuration.md'))

  static List<String> blocks() {
    (DOC =~ /(?s)```(\w*)\n(.*?)```/).findAll { it[1] == '' }.collect { it[2] as String }
  }

  def "the page's check command prints what the page shows"() {
    given: 'a copy of the sample and its zones, which no other spec updates'
    def lines = blocks()[0].readLines()
    Path dir = Scratch.dir('config-docs')
    Files.createDirectories(dir.resolve('samples'))
    Files.createDirectories(dir.resolve('zones'))
    Files.copy(Path.of('samples/loomdns.conf.groovy'), dir.resolve('samples/loomdns.conf.groovy'))
    ['example.com.zone', '2.0.192.in-addr.arpa.zone'].each { Files.copy(Path.of('zones', it), dir.resolve('zones').resolve(it)) }

    when:
    def (code, out) = LoomProcess.run(lines[0].substring(PREFIX.length()).split(' ') as List, dir.toFile())

    then:
    code == 0
    out.readLines() == lines.drop(1)
  }

  def "the page lists every setting the command line has, and each once"() {
    expect:
    ConfigFile.keys().every { k -> DOC.count("| `${k.name()}` | `${k.option()}` |") == 1 }
  }

  def "the page's mistake '#says' gives the error the page shows"() {
    given:
    Path f = Scratch.dir('config-mistakes').resolve('loomdns.conf.groovy')
    Files.writeString(f, says == '`port 53` twice' ? 'port 53\nport 53\n' : says.replaceAll('^`|`$', '') + '\n')

    when:
    def (code, out) = LoomProcess.run(['check', f.toString()])

    then:
    code == 1
    out.trim() == error.replaceAll('^`|`$', '').replace('loomdns.conf.groovy', f.toString())

    where:
    [says, error] << mistakes()
  }

  static List<List<String>> mistakes() {
    String table = DOC.substring(DOC.indexOf('| The file says |'), DOC.indexOf('\n\n', DOC.indexOf('| The file says |')))
    table.readLines().drop(2).collect { l -> l.split(/ \| /).collect { it.replaceAll(/^\| |\s*\|$/, '') } }
  }

  @IgnoreIf({ !Dig.available() })
  def "the sample file and the page's flags answer every query alike, the command line's port winning over the file's"() {
    given:
    String flags = blocks().last().readLines()[0].substring(PREFIX.length())
    int filePort = LoomProcess.freePort()
    def fromFile = LoomProcess.start(['--config', 'samples/loomdns.conf.groovy', '-p', filePort])
    int flagsPort = LoomProcess.freePort()
    def fromFlags = LoomProcess.start(flags.replace('--port 5353', "--port ${flagsPort}").split(' ') as List)
    assert fromFile.awaitOutput('serving with stages') && fromFlags.awaitOutput('serving with stages')

    expect:
    QUERIES.every { q ->
      String a = answer(filePort, q)
      assert a == answer(flagsPort, q)
      assert a.contains('status:') || a.contains('IN\tSOA')
      true
    }
    fromFile.output.contains("listening on 127.0.0.1:${filePort} udp")

    cleanup:
    fromFile?.close()
    fromFlags?.close()
  }

  def "the views section's check command prints what the page shows"() {
    given:
    def lines = blocks().find { it.startsWith(PREFIX + 'check samples/views.conf.groovy') }.readLines()

    when:
    def (code, out) = LoomProcess.run(lines[0].substring(PREFIX.length()).split(' ') as List)

    then:
    code == 0
    out.readLines() == lines.drop(1)
  }

  @IgnoreIf({ !Dig.available() })
  def "the views sample answers each dig of the page as the page shows, by the source address"() {
    given:
    def block = blocks().find { it.startsWith('$ dig ') }
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--config', 'samples/views.conf.groovy', '-p', port])
    assert loom.awaitOutput('serving with stages')

    expect: 'each command prints the lines after it'
    commands(block).every { command, printed ->
      List<String> args = command.substring(2).replace('-p 5353', "-p ${port}").split(' ').drop(1) as List
      assert Dig.run(args).readLines() == printed
      true
    }
    commands(block).size() == 4

    cleanup:
    loom?.close()
  }

  /** Each "$ " line of a block, with the lines it prints. */
  static List<List> commands(String block) {
    List<List> out = []
    block.readLines().each { l -> l.startsWith('$ ') ? out << [l, []] : out.last()[1] << l }
    out
  }

  static final List<List<String>> QUERIES = [
      ['www.example.com', 'A'], ['example.com', 'MX'], ['example.com', 'NS'], ['example.com', 'SOA'],
      ['nothing.example.com', 'A'], ['www.example.com', 'AAAA'], ['1.2.0.192.in-addr.arpa', 'PTR'],
      ['example.com', 'AXFR'], ['2.0.192.in-addr.arpa', 'AXFR'], ['www.example.com', 'TXT', '+tcp'],
      ['example.com', 'DNSKEY', '+dnssec'], ['version.bind', 'TXT', 'CH']]

  /** What dig prints, less what differs from one run to the next (id, time, server, port). */
  static String answer(int port, List<String> q) {
    Dig.run(['@127.0.0.1', '-p', port as String, '+nocookie'] + q.drop(2) + q.take(2)).readLines()
        .findAll { !it.startsWith(';; Query time') && !it.startsWith(';; SERVER') && !it.startsWith(';; WHEN') && !it.startsWith(';; MSG SIZE') && !it.startsWith('; <<>>') && !it.startsWith(';; XFR size') }
        .collect { it.replaceAll(/id: \d+/, 'id') }
        .join('\n')
  }
}
