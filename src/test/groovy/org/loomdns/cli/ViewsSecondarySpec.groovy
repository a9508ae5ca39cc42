package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * Secondary zones in views: each view transfers its own copy of a zone from its own primary, keeps
 * it in a directory of the view's name, and answers its clients from it; a NOTIFY that reaches one
 * view moves that view's copy alone, and a restart serves each view's copy from disk.
 */
@IgnoreIf({ !Dig.available() })
class ViewsSecondarySpec extends Specification {

  Path dir = Scratch.dir('views-secondary')
  LoomProcess internal
  LoomProcess external
  LoomProcess secondary
  int port = LoomProcess.freePort()

  def cleanup() {
    [secondary, internal, external]*.close()
  }

  def "each view serves its own primary's copy, moves with that primary's NOTIFY, and serves it again after a restart"() {
    given: 'two primaries of example.com, each with its own address for www'
    Path internalZone = zone('internal', '10.0.0.80')
    Path externalZone = zone('external', '192.0.2.80')
    int internalPort = LoomProcess.freePort()
    int externalPort = LoomProcess.freePort()
    internal = primary(internalZone, internalPort, ['--notify', "127.0.0.1:${port}"])
    external = primary(externalZone, externalPort, [])
    Files.writeString(dir.resolve('views.conf.groovy'), """
      view('internal') {
        matchClients '127.0.0.1'
        secondary 'example.com', primaries: ['127.0.0.1:${internalPort}']
      }
      view('external') {
        matchClients '127.0.0.2'
        secondary 'example.com', primaries: ['127.0.0.1:${externalPort}']
      }
    """)

    when: 'the secondary starts'
    secondary = startSecondary()

    then: 'each view has transferred its copy and answers its clients from it'
    secondary.awaitOutput('by AXFR', 30)
    waitFor { www('127.0.0.1') == '10.0.0.80' && www('127.0.0.2') == '192.0.2.80' }
    Files.isDirectory(dir.resolve('copies/internal'))
    Files.isDirectory(dir.resolve('copies/external'))

    when: 'the internal primary changes the zone and notifies'
    Files.writeString(internalZone, Files.readString(internalZone).replace('2026112301', '2026112302')
        .replace('10.0.0.80', '10.0.0.81'))
    internal.signal('HUP')

    then: 'the internal view moves by IXFR, and the external one keeps its copy'
    secondary.awaitOutput('2026112301 -> 2026112302 by IXFR', 30)
    www('127.0.0.1') == '10.0.0.81'
    www('127.0.0.2') == '192.0.2.80'

    when: 'both primaries stop and the secondary starts again'
    [internal, external]*.close()
    secondary.close()
    secondary = startSecondary()

    then: 'each view serves its copy from disk'
    www('127.0.0.1') == '10.0.0.81'
    www('127.0.0.2') == '192.0.2.80'
  }

  def "check names the view of a secondary zone that is mistyped"() {
    given:
    Files.writeString(dir.resolve('bad.conf.groovy'), """
      view('internal') {
        matchClients '127.0.0.1'
        secondary 'example.com', primaries: ['not an address']
      }
    """)

    when:
    def (code, out) = LoomProcess.run(['check', dir.resolve('bad.conf.groovy').toString()])

    then:
    code != 0
    out.contains("${dir.resolve('bad.conf.groovy')}:2")
    out.contains('view internal: ')
  }

  private Path zone(String name, String www) {
    Path file = dir.resolve("example.com.${name}.zone")
    Files.writeString(file, Files.readString(Path.of('zones/example.com.zone'))
        .replace('www         IN A    192.0.2.80', "www         IN A    ${www}"))
    file
  }

  private static LoomProcess primary(Path zone, int port, List<String> more) {
    def p = LoomProcess.start(['--bindzone', zone.toString(), '-i', '127.0.0.1', '-p', port as String,
        '--allow-transfer', '127.0.0.1'] + more)
    assert p.awaitOutput('serving with stages'), p.output
    p
  }

  private LoomProcess startSecondary() {
    def p = LoomProcess.start(['--config', dir.resolve('views.conf.groovy').toString(), '-p', port as String,
        '--secondary-dir', dir.resolve('copies').toString()])
    assert p.awaitOutput('serving with stages'), p.output
    p
  }

  private String www(String source) {
    Dig.run(['@127.0.0.1', '-p', port as String, '-b', source, '+short', '+nocookie', 'www.example.com', 'A']).trim()
  }

  private static boolean waitFor(Closure<Boolean> done) {
    for (int i = 0; i < 100; i++) {
      if (done()) {
        return true
      }
      Thread.sleep(100)
    }
    false
  }
}
