package org.loomdns.authority

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.DocCommands
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.SignedZones
import spock.lang.Specification

/**
 * docs/dnssec.md's example, run as written in a directory with a copy of zones/example.com.zone:
 * the keys, the signing, the check, loomdns on a free port instead of 10053, and the dig whose
 * NXDOMAIN with its NSEC3 proof the page shows.
 */
class DnssecDocsSpec extends Specification {

  static List<String> blocks() {
    String doc = Files.readString(Path.of('docs/dnssec.md'))
    (doc =~ /(?s)```\n(.*?)```/).collect { it[1] as String }
  }

  def "the page's commands sign the example zone, check it, serve it, and dig shows the signed NXDOMAIN"() {
    given:
    def (commands, shown) = blocks()
    List<String> lines = commands.readLines()
    Path dir = Scratch.dir('dnssec-docs')
    Files.copy(Path.of('zones/example.com.zone'), dir.resolve('example.com.zone'))
    int port = LoomProcess.freePort()
    String jar = 'java -jar target/loomdns.jar '

    when: 'the keys are made and the zone signed as the page says'
    lines[0..3].each { SignedZones.run(dir, ['bash', '-c', it]) }

    and: 'the signed zone is checked'
    assert lines[4].startsWith(jar)
    def (code, checked) = LoomProcess.run(lines[4].substring(jar.length()).split(' ') as List, dir.toFile())

    then:
    code == 0
    checked.contains('example.com.zone.signed: zone example.com. serial 2026112301')
    checked.contains('records: OK')

    when: 'it is served, and dig asks as the page shows'
    assert lines[5].startsWith(jar)
    def loom = LoomProcess.start(lines[5].substring(jar.length()).replace('10053', port as String).split(' ') as List, dir.toFile())
    assert loom.awaitOutput('serving with stages')
    String out = dig(shown.readLines()[0], port)

    then:
    provenNxdomain(out)

    cleanup:
    loom?.close()
  }

  def "the online signing commands make keys, write the DS, and dig shows an NXDOMAIN proven by white lies"() {
    given:
    def (commands, shown) = blocks()[2..3]
    List<String> lines = commands.readLines()
    Path dir = Scratch.dir('dnssec-online-docs')
    Files.createDirectories(dir.resolve('zones'))
    Files.copy(Path.of('zones/example.com.zone'), dir.resolve('zones/example.com.zone'))
    int port = LoomProcess.freePort()
    String jar = 'java -jar target/loomdns.jar '

    when: 'the key directory is made and loomdns started as the page says'
    SignedZones.run(dir, ['bash', '-c', lines[0]])
    assert lines[1].startsWith(jar)
    def loom = LoomProcess.start(lines[1].substring(jar.length()).replace('10053', port as String).split(' ') as List, dir.toFile())
    assert loom.awaitOutput('serving with stages')

    then: 'the DS file is there, in the form shown'
    List<String> shownLines = shown.readLines()
    shownLines[0] == '$ cat keys/dsset-example.com.'
    String ds = Files.readString(dir.resolve(shownLines[0].substring('$ cat '.length())))
    ds =~ /^example\.com\.\s+3600\s+IN\s+DS\s+\d+ 13 2 [0-9A-F]{64}\n$/
    shownLines[1] =~ /^example\.com\.\s+3600\s+IN\s+DS\s+\d+ 13 2 [0-9A-F]{64}$/

    when: 'dig asks as the page shows'
    String out = dig(shownLines[2], port)

    then: 'the NSEC3 records have the parameters of the white lies: SHA-1, no flags, no iterations, no salt'
    provenNxdomain(out)
    (out =~ /(?m)^\S+\.example\.com\.\s+300\s+IN\s+NSEC3\s+1 0 0 - /).count == 3

    cleanup:
    loom?.close()
  }

  def "README's signing section makes the keys, shows the DS as written, and dig gets a signed answer"() {
    given:
    List<List> steps = DocCommands.blocks(DocCommands.section('README.md', '## Signing a zone (DNSSEC)'))
        .collectMany { DocCommands.steps(it) }
    Path dir = Scratch.dir('dnssec-readme')
    Files.createDirectories(dir.resolve('zones'))
    Files.copy(Path.of('zones/example.com.zone'), dir.resolve('zones/example.com.zone'))
    int port = LoomProcess.freePort()
    String ds = /^example\.com\.\s+3600\s+IN\s+DS\s+\d+ 13 2 [0-9A-F]{64}$/

    when: 'the key directory is made and loomdns started as README says'
    assert steps.size() == 4
    DocCommands.run(DocCommands.shell(steps[0][0]), dir)
    def loom = DocCommands.startServer(steps[1][0].replace('10053', port as String), dir)
    assert loom.awaitOutput('serving with stages')

    then: 'the DS file holds one DS of the form README shows'
    List<String> shown = steps[2][1]
    List<String> written = DocCommands.run(DocCommands.shell(steps[2][0]), dir).findAll { !it.isBlank() }
    shown.size() == 1 && shown[0] ==~ ds
    written.size() == 1 && written[0] ==~ ds

    when:
    List<String> got = DocCommands.run(DocCommands.shell(steps[3][0].replace('10053', port as String)), dir)

    then: 'the address README shows, and its signature by the new ZSK'
    String rrsig = /^A 13 3 3600 \d{14} \d{14} \d+ example\.com\. /
    steps[3][1][0] == '192.0.2.80' && got[0] == '192.0.2.80'
    steps[3][1][1] =~ rrsig && got[1] =~ rrsig

    cleanup:
    loom?.close()
  }

  /** Runs the page's {@code $ dig …} line against {@code port}. */
  private static String dig(String line, int port) {
    assert line.startsWith('$ dig ')
    Dig.run(line.substring('$ dig '.length()).replace('10053', port as String).split(' ') as List)
  }

  /** An NXDOMAIN with the signed SOA and three NSEC3 records, each signed: eight records of authority. */
  private static boolean provenNxdomain(String out) {
    out.contains('status: NXDOMAIN') && out.contains('AUTHORITY: 8') &&
        out =~ /(?m)^example\.com\.\s+300\s+IN\s+RRSIG\s+SOA / &&
        (out =~ /(?m)^\S+\.example\.com\.\s+300\s+IN\s+NSEC3\s/).count == 3
  }
}
