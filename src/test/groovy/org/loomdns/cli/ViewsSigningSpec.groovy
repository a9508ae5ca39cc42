package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.authority.DnssecValidationSpec
import org.loomdns.signing.OnlineSigningSpec
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.SignedZones
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * Views with --dnssec-keys: each view's copy of a zone signed online with the zone's one set of
 * keys (made by loomdns at start), so delv, with one trust anchor, validates each client's own
 * answers; an update in one view is signed there and stays out of the other.
 */
@IgnoreIf({ !Dig.available() })
@Stepwise
class ViewsSigningSpec extends Specification {

  static final String KEY = 'hmac-sha256:upd:bG9vbWRucyB2aWV3cyBzaWduaW5nIHRlc3Qga2V5IGZvciB1cGRhdGVz'
  static final String VALID = DnssecValidationSpec.VALID
  static final String NEGATIVE = DnssecValidationSpec.NEGATIVE

  @Shared Path dir = Scratch.dir('views-signing')
  @Shared Path keys
  @Shared Path anchor
  @Shared LoomProcess loom
  @Shared int port

  def setupSpec() {
    keys = Files.createDirectories(dir.resolve('keys'))
    String zone = Files.readString(Path.of('zones/example.com.zone'))
    ['internal': '10.0.0.80', 'external': '192.0.2.80'].each { name, www ->
      Files.writeString(dir.resolve("example.com.${name}.zone"), zone.replace('www         IN A    192.0.2.80',
          "www         IN A    ${www}"))
    }
    Files.writeString(dir.resolve('loomdns.conf.groovy'), """
      key 'upd', secret: '${KEY.split(':')[2]}'
      view('internal') {
        matchClients '127.0.0.1'
        zone('example.com') { file 'example.com.internal.zone'; allowUpdate 'key:upd' }
      }
      view('external') {
        matchClients '127.0.0.2'
        zone('example.com') { file 'example.com.external.zone' }
      }
    """)
    port = LoomProcess.freePort()
    loom = LoomProcess.start(['--config', dir.resolve('loomdns.conf.groovy').toString(), '-p', port as String,
        '--dnssec-keys', keys.toString()])
    assert loom.awaitOutput('serving with stages', 60), loom.output
    anchor = dir.resolve('anchor.conf')
    Files.writeString(anchor, "trust-anchors {\n${OnlineSigningSpec.trustAnchor(keys, OnlineSigningSpec.madeKsk(keys, 'example.com'), 'static-key')}};\n")
  }

  def cleanupSpec() {
    loom?.close()
  }

  def "one key set is made for the zone both views serve"() {
    expect:
    Files.list(keys).withCloseable { s -> s.filter { it.fileName.toString().endsWith('.key') }.count() } == 2
    Files.exists(keys.resolve('dsset-example.com.'))
  }

  def "delv from #source validates that view's answer #expected to www.example.com"() {
    when:
    List<String> out = delv(source, 'www.example.com', 'A')

    then:
    out[0] == VALID
    out.any { it ==~ /www\.example\.com\.\s+\d+\s+IN\s+A\s+${expected.replace('.', '\\.')}/ }

    where:
    source      || expected
    '127.0.0.1' || '10.0.0.80'
    '127.0.0.2' || '192.0.2.80'
  }

  def "delv from #source validates that view's proof that nope.example.com does not exist"() {
    expect:
    delv(source, 'nope.example.com', 'A')[0] == NEGATIVE

    where:
    source << ['127.0.0.1', '127.0.0.2']
  }

  def "a name added by an update in one view is signed there, and the other view proves it absent"() {
    when:
    def p = new ProcessBuilder('nsupdate', '-y', KEY).redirectErrorStream(true).start()
    p.outputStream.withWriter {
      it << "server 127.0.0.1 ${port}\nlocal 127.0.0.1\nzone example.com.\nupdate add fresh.example.com. 300 A 10.0.0.99\nsend\n"
    }
    assert p.waitFor(30, TimeUnit.SECONDS)

    then:
    p.exitValue() == 0
    delv('127.0.0.1', 'fresh.example.com', 'A')[0] == VALID
    delv('127.0.0.2', 'fresh.example.com', 'A')[0] == NEGATIVE
  }

  def "a zone file two views share is refused with --dnssec-keys, whose re-signs would write its one journal"() {
    given:
    Files.writeString(dir.resolve('shared.conf.groovy'), """
      view('internal') { matchClients '127.0.0.1'; zone('example.com') { file 'example.com.internal.zone' } }
      view('external') { matchClients 'any'; zone('example.com') { file 'example.com.internal.zone' } }
    """)

    when:
    def (code, out) = LoomProcess.run(['--config', dir.resolve('shared.conf.groovy').toString(), '-p', '0',
        '--dnssec-keys', keys.toString()])

    then:
    code == 1
    out.contains('--dnssec-keys signs it online: each view\'s copy keeps its own journal')
  }

  /** delv's verdict line first, then its answer lines. */
  private List<String> delv(String source, String name, String type) {
    String out = SignedZones.run(dir, ['delv', '-a', anchor.toString(), '+root=example.com', '-b', source,
        '@127.0.0.1', '-p', port as String, name, type], false)
    List<String> lines = out.readLines()
    [lines.find { it.startsWith('; ') }?.substring(2) ?: out] + lines.findAll { !it.startsWith(';') && it.trim() }
  }
}
