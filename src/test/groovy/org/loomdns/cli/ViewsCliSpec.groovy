package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.loomdns.journal.Journals
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * Views in the configuration file through the real command line: the same name answered per
 * client (dig -b picks the loopback source), clients no view matches refused, transfers and
 * updates in the requester's view, a view's zone reloaded on SIGHUP, and the file's mistakes.
 */
@IgnoreIf({ !Dig.available() })
class ViewsCliSpec extends Specification {

  static final String KEY = 'hmac-sha256:upd:bG9vbWRucyB2aWV3cyB0ZXN0IGtleSBmb3IgdXBkYXRlcw=='
  static final String OTHER = 'hmac-sha256:partner:cGFydG5lciBrZXkgb2YgdGhlIHZpZXdzIHNwZWM='

  Path dir = Scratch.dir('views-cli')
  LoomProcess loom
  int port

  def setup() {
    String zone = Files.readString(Path.of('zones/example.com.zone'))
    ['internal': '10.0.0.80', 'external': '192.0.2.80', 'partner': '198.51.100.80'].each { name, www ->
      Files.writeString(dir.resolve("example.com.${name}.zone"), zone.replace('www         IN A    192.0.2.80',
          "www         IN A    ${www}"))
    }
  }

  def cleanup() {
    loom?.close()
  }

  static final String TWO_VIEWS = """
    key 'upd', secret: '${KEY.split(':')[2]}'
    key 'partner', secret: '${OTHER.split(':')[2]}'
    view('partner') {
      matchClients 'key:partner'
      zone('example.com') { file 'example.com.partner.zone'; allowTransfer 'key:partner' }
    }
    view('internal') {
      matchClients '127.0.0.1', '10.0.0.0/8'
      zone('example.com') { file 'example.com.internal.zone'; allowTransfer '127.0.0.0/8'; allowUpdate 'key:upd' }
    }
    view('external') {
      matchClients '127.0.0.2'
      zone('example.com') { file 'example.com.external.zone'; allowUpdate 'key:upd' }
    }
  """

  void serve(String config) {
    Files.writeString(dir.resolve('loomdns.conf.groovy'), config)
    port = port ?: LoomProcess.freePort()
    loom = LoomProcess.start(['--config', dir.resolve('loomdns.conf.groovy').toString(), '-p', port])
    assert loom.awaitOutput('serving with stages')
  }

  String dig(String source, List<String> q) {
    Dig.run(['@127.0.0.1', '-p', port as String, '-b', source, '+nocookie'] + q)
  }

  String www(String source) {
    dig(source, ['+short', 'www.example.com', 'A']).trim()
  }

  String nsupdate(String source, String commands) {
    def p = new ProcessBuilder('nsupdate', '-y', KEY).redirectErrorStream(true).start()
    p.outputStream.withWriter { it << "server 127.0.0.1 ${port}\nlocal ${source}\n${commands}\nsend\n" }
    assert p.waitFor(30, TimeUnit.SECONDS)
    p.inputStream.text
  }

  def "each client is answered from the first view that matches it, again and again, and one no view matches is refused"() {
    given:
    serve(TWO_VIEWS)

    expect: 'asked in turns, so that a reply kept for one view is never sent to the other'
    (1..3).every {
      assert www('127.0.0.1') == '10.0.0.80'
      assert www('127.0.0.2') == '192.0.2.80'
      true
    }
    dig('127.0.0.3', ['www.example.com', 'A']).contains('status: REFUSED')
    dig('127.0.0.3', ['nothing.example.net', 'A']).contains('status: REFUSED')
    dig('127.0.0.1', ['-y', OTHER, '+short', 'www.example.com', 'A']).trim() == '198.51.100.80'
  }

  def "a zone transfer is answered from the requester's view, under that view's allowTransfer"() {
    given:
    serve(TWO_VIEWS)

    expect:
    dig('127.0.0.1', ['example.com', 'AXFR']).contains('10.0.0.80')
    dig('127.0.0.2', ['example.com', 'AXFR']).contains('Transfer failed')
    with(dig('127.0.0.2', ['-y', OTHER, 'example.com', 'AXFR'])) {
      it.contains('198.51.100.80') && !it.contains('10.0.0.80')
    }
  }

  def "an update lands in the updater's view alone, in that view's own journal, and survives a restart"() {
    given:
    serve(TWO_VIEWS)

    when:
    String out = nsupdate('127.0.0.2', 'zone example.com\nupdate add new.example.com 60 A 192.0.2.9')

    then:
    out == ''
    dig('127.0.0.2', ['+short', 'new.example.com', 'A']).trim() == '192.0.2.9'
    dig('127.0.0.1', ['new.example.com', 'A']).contains('status: NXDOMAIN')
    Files.exists(Journals.journalOf(dir.resolve('example.com.external.zone')))
    !Files.exists(Journals.journalOf(dir.resolve('example.com.internal.zone')))

    when: 'loomdns starts again on the same files'
    loom.close()
    serve(TWO_VIEWS)

    then:
    dig('127.0.0.2', ['+short', 'new.example.com', 'A']).trim() == '192.0.2.9'
    dig('127.0.0.1', ['new.example.com', 'A']).contains('status: NXDOMAIN')
  }

  def "SIGHUP reloads a view's zone file and serves a zone added to a view, and says a change of matchClients needs a restart"() {
    given:
    Files.copy(Path.of('zones/home.lan.zone'), dir.resolve('home.lan.zone'))
    serve(TWO_VIEWS)
    assert www('127.0.0.1') == '10.0.0.80'

    when:
    Path f = dir.resolve('example.com.internal.zone')
    Files.writeString(f, Files.readString(f).replace('2026112301', '2026112302').replace('10.0.0.80', '10.0.0.81'))
    Files.writeString(dir.resolve('loomdns.conf.groovy'), TWO_VIEWS
        .replace("matchClients '127.0.0.2'", "matchClients '127.0.0.3'")
        .replace("'127.0.0.0/8'; allowUpdate 'key:upd' }\n    }", "'127.0.0.0/8'; allowUpdate 'key:upd' }\n      zone('home.lan') { file 'home.lan.zone' }\n    }"))
    loom.signal('HUP')

    then:
    loom.awaitOutput('reloaded zone example.com. serial 2026112302')
    loom.awaitOutput('reloaded zone home.lan.')
    www('127.0.0.1') == '10.0.0.81'
    www('127.0.0.2') == '192.0.2.80'
    dig('127.0.0.1', ['+short', 'router.home.lan', 'A']).trim() == '192.168.1.1'
    dig('127.0.0.2', ['router.home.lan', 'A']).contains('status: REFUSED')
    dig('127.0.0.3', ['www.example.com', 'A']).contains('status: REFUSED')
    loom.output.contains('the views changed')
    loom.output.contains('need restart')
  }

  def "a start-up mistake in views names the file and line"() {
    given:
    Files.writeString(dir.resolve('bad.conf.groovy'), text)

    when:
    def (code, out) = LoomProcess.run(['--config', dir.resolve('bad.conf.groovy').toString()])

    then:
    code == 1
    out.trim() == "loomdns: ${dir.resolve('bad.conf.groovy')}:${message}".replace('DIR', dir.toString())

    where:
    text << [
        "zone('example.com') { file 'example.com.internal.zone' }\nview('a') { matchClients 'any' }\n",
        "view('a') { matchClients 'any' }\nbindzone 'example.com.internal.zone'\n",
        "view('a') {\n  matchClient 'any'\n}\n",
        "view('a') { zone('example.com') { file 'example.com.internal.zone' } }\n",
        "view('a') { matchClients 'any' }\nview('a') { matchClients 'any' }\n",
        "view('a') { matchClients '10.0.0.300' }\n",
        "view('a') {\n  matchClients '127.0.0.1'\n  zone('example.com') { file 'example.com.internal.zone'; allowUpdate 'key:k' }\n}\n"
            + "view('b') {\n  matchClients 'any'\n  zone('example.com') { file 'example.com.internal.zone' }\n}\nkey 'k', secret: 'AAAA'\n",
        "view('a') {\n  matchClients 'any'\n  secondary 'example.com', primaries: ['not an address']\n}\n",
    ]
    message << [
        "2: zone example.com (DIR/bad.conf.groovy:1) is outside any view: when the file has views, every zone is in one (write it in each view that serves it)",
        "2: bindzone serves zones outside the views: when the file has views, every zone is in a view's zone block",
        "2: a view block has no setting matchClient (did you mean matchClients?); it takes matchClients, zone, secondary",
        "1: view a needs matchClients: view('a') { matchClients '10.0.0.0/8' } (or 'any')",
        "2: view a has two blocks (the first at DIR/bad.conf.groovy:1)",
        "1: view a: matchClients 10.0.0.300: " + cidrError('10.0.0.300') + " (it takes an address, a CIDR or key:NAME)",
        "7: view b: zone example.com has the file DIR/example.com.internal.zone of view a (DIR/bad.conf.groovy:3), and updates "
            + "are allowed to it: each view's copy keeps its own journal, named after the file, so give each view a file of its own",
        "1: view a: --secondary not an address/example.com: the primary must be an IP address, not not an address",
    ]
  }

  def "zones given on the command line are refused with views, naming the file's first view"() {
    given:
    Files.writeString(dir.resolve('loomdns.conf.groovy'), TWO_VIEWS)

    when:
    def (code, out) = LoomProcess.run(['--config', dir.resolve('loomdns.conf.groovy').toString(),
                                       '--bindzone', dir.resolve('example.com.external.zone').toString()])

    then:
    code == 2
    out.trim() == "loomdns: --bindzone, --pyzone and --secondary cannot be given with views " +
        "(${dir.resolve('loomdns.conf.groovy')}:4): every zone is in a view's zone block"
  }

  def "check validates the views as the server reads them"() {
    given:
    Files.writeString(dir.resolve('views.conf.groovy'), TWO_VIEWS)

    when:
    def (code, out) = LoomProcess.run(['check', dir.resolve('views.conf.groovy').toString()])

    then:
    code == 0
    out.readLines().last() == "${dir.resolve('views.conf.groovy')}: 1 settings, 3 zone blocks in 3 views: OK"
  }

  static String cidrError(String text) {
    try {
      org.loomdns.net.Cidr.parse(text)
      ''
    } catch (IllegalArgumentException e) {
      e.message
    }
  }
}
