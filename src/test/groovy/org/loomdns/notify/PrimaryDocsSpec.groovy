package org.loomdns.notify

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * The example of docs/zone-distribution.md's "Being a primary", run as written: its zone file,
 * its commands (loomdns on a free port instead of 5353, notifying a fake secondary instead of
 * 5300), and dig printing the increment the page shows.
 */
class PrimaryDocsSpec extends Specification {

  static List<String> blocks() {
    String doc = Files.readString(Path.of('docs/zone-distribution.md'))
    String section = doc.substring(doc.indexOf('## Being a primary'))
    (section =~ /(?s)```\n(.*?)```/).collect { it[1] as String }
  }

  static int run(String command, Path dir) {
    def p = new ProcessBuilder('bash', '-c', command).directory(dir.toFile()).redirectErrorStream(true).start()
    p.inputStream.text
    assert p.waitFor(30, TimeUnit.SECONDS)
    p.exitValue()
  }

  @IgnoreIf({ !Dig.available() })
  def "the page's example serves the zone, notifies on SIGHUP, and dig IXFR=1 prints the increment shown"() {
    given:
    def (zone, commands, expected) = blocks()
    def lines = commands.readLines()
    Path dir = Scratch.dir('primary-docs')
    Files.writeString(dir.resolve('example.com.zone'), zone)
    int port = LoomProcess.freePort()
    def fake = new NotifySpec.FakeSecondary(true)

    when: 'loomdns starts as the page says'
    assert lines[0].startsWith('loomdns ') && lines[0].endsWith(' &')
    def args = lines[0].substring('loomdns '.length(), lines[0].length() - 2).split(' ').collect {
      it.replace('5353', port as String).replace('127.0.0.1:5300', "127.0.0.1:${fake.port}")
    }
    def loom = LoomProcess.start(args, dir.toFile())
    assert loom.awaitOutput('serving with stages')

    and: 'the zone is changed and loomdns signalled'
    assert run(lines[1], dir) == 0
    assert lines[2] == 'kill -HUP $!'
    assert run(lines[2].replace('$!', loom.process.pid() as String), dir) == 0

    then:
    loom.awaitOutput('NOTIFY example.com. serial 2 to 127.0.0.1#' + fake.port + ': NOERROR after 1 try')

    when:
    assert lines[3].startsWith('dig ')
    def out = Dig.run(lines[3].substring(4).replace('5353', port as String).split(' ') as List)

    then:
    out.readLines().findAll { !it.startsWith(';') && !it.isBlank() } == expected.readLines()
    loom.output.contains('IXFR out example.com. to 127.0.0.1')

    cleanup:
    loom?.close()
    fake?.close()
  }

  def "a reload that changes the zone without raising the serial is served, and warned about"() {
    given:
    def zone = blocks()[0]
    Path dir = Scratch.dir('primary-serial')
    Path file = dir.resolve('example.com.zone')
    Files.writeString(file, zone)
    int port = LoomProcess.freePort()
    def loom = LoomProcess.start(['--bindzone', file, '-i', '127.0.0.1', '-p', port], dir.toFile())
    assert loom.awaitOutput('serving with stages')

    when:
    Files.writeString(file, zone.replace('192.0.2.1', '192.0.2.9'))
    loom.signal('HUP')

    then:
    loom.awaitOutput('zone example.com. from ') && loom.awaitOutput(': serial 1 is not greater than the 1 served')
    org.loomdns.support.Knot.send(port, org.xbill.DNS.Name.fromString('www.example.com.'), org.xbill.DNS.Type.A)
        .getSection(1)*.rdataToString() == ['192.0.2.9']

    cleanup:
    loom?.close()
  }
}
