package org.loomdns.cli

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * --config through the real command line: zone blocks' own settings, SIGHUP re-reading the file
 * (zones added and removed, what needs a restart said, a bad file kept out), and start-up errors
 * with the file's line.
 */
@IgnoreIf({ !Dig.available() })
class ConfigCliSpec extends Specification {

  static final String KEY = 'hmac-sha256:xfr:bG9vbWRucyBzYW1wbGUga2V5IGZvciB0cmFuc2ZlcnM='

  Path dir = Scratch.dir('config-cli')
  LoomProcess loom

  def setup() {
    ['example.com.zone', 'home.lan.zone', '2.0.192.in-addr.arpa.zone'].each {
      Files.copy(Path.of('zones', it), dir.resolve(it))
    }
  }

  def cleanup() {
    loom?.close()
  }

  LoomProcess serve(String config, List<String> args = []) {
    Files.writeString(dir.resolve('loomdns.conf.groovy'), config)
    int port = LoomProcess.freePort()
    loom = LoomProcess.start(['--config', dir.resolve('loomdns.conf.groovy').toString(), '-p', port] + args)
    assert loom.awaitOutput('serving with stages')
    loom.metaClass.port = port
    loom
  }

  String dig(List<String> q) {
    Dig.run(['@127.0.0.1', '-p', loom.port as String, '+nocookie'] + q)
  }

  def "a zone block's allowTransfer replaces the server-wide one for that zone alone"() {
    given:
    serve("""
      tsigKey '$KEY'
      allowTransfer '127.0.0.0/8'
      zone('example.com') { file 'example.com.zone'; allowTransfer 'key:xfr' }
      zone('home.lan') { file 'home.lan.zone' }
    """)

    expect:
    dig(['home.lan', 'AXFR']).contains('router.home.lan.')
    dig(['example.com', 'AXFR']).contains('Transfer failed')
    dig(['-y', KEY, 'example.com', 'AXFR']).contains('www.example.com.')
  }

  def "SIGHUP serves a zone added to the file, drops one removed, and says the port change needs a restart"() {
    given:
    serve("port 5399\nzone('example.com') { file 'example.com.zone' }\nzone('home.lan') { file 'home.lan.zone' }\n")
    assert dig(['+short', 'router.home.lan', 'A']).trim() == '192.168.1.1'

    when:
    Files.writeString(dir.resolve('loomdns.conf.groovy'), "port 5400\nzone('example.com') { file 'example.com.zone' }\n"
        + "zone('2.0.192.in-addr.arpa') { file '2.0.192.in-addr.arpa.zone' }\nmaxTcpConnections 7\n")
    loom.signal('HUP')

    then:
    loom.awaitOutput('zone home.lan. is no longer served')
    loom.awaitOutput('reloaded zone 2.0.192.in-addr.arpa.')
    dig(['router.home.lan', 'A']).contains('status: REFUSED')
    dig(['+short', '-x', '192.0.2.80']).trim() == 'www.example.com.'
    loom.output.contains('maxTcpConnections changed (unset to 7): needs restart')
    !loom.output.contains('port changed') // the command line's -p wins, so the file's port never counted
  }

  def "a file broken at reload is reported with its line and the running configuration keeps serving"() {
    given:
    serve("zone('example.com') { file 'example.com.zone' }\n")

    when:
    Files.writeString(dir.resolve('loomdns.conf.groovy'), "zone('example.com') { file 'example.com.zone' }\nforwrd '9.9.9.9'\n")
    loom.signal('HUP')

    then:
    loom.awaitOutput("config reload failed, the running configuration stays: ${dir.resolve('loomdns.conf.groovy')}:2: unknown setting forwrd (did you mean forward?)")
    dig(['+short', 'www.example.com', 'A']).trim() == '192.0.2.80'
  }

  def "a zone block's allowUpdate lets the key change that zone, and no other"() {
    given:
    serve("""
      key 'xfr', secret: '${KEY.split(':')[2]}'
      zone('example.com') { file 'example.com.zone'; allowUpdate 'key:xfr' }
      zone('home.lan') { file 'home.lan.zone' }
    """)

    when:
    def run = { String zone ->
      def p = new ProcessBuilder('nsupdate', '-y', KEY).redirectErrorStream(true).start()
      p.outputStream.withWriter { it << "server 127.0.0.1 ${loom.port}\nzone ${zone}\nupdate add new.${zone} 60 A 192.0.2.9\nsend\n" }
      p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)
      p.inputStream.text
    }

    then:
    run('example.com') == ''
    dig(['+short', 'new.example.com', 'A']).trim() == '192.0.2.9'
    run('home.lan').contains('REFUSED')
  }

  def "a start-up mistake names the file and line, and a value the server refuses names the setting's line"() {
    given:
    Files.writeString(dir.resolve('bad.conf.groovy'), text)

    when:
    def (code, out) = LoomProcess.run(['--config', dir.resolve('bad.conf.groovy').toString()])

    then:
    code == exit
    out.trim() == "loomdns: ${dir.resolve('bad.conf.groovy')}:${message}"

    where:
    text                                         | exit | message
    "cache true\ncacheSize 'x', 'y'\n"           | 1    | "2: cacheSize takes one value, not 2: cacheSize '...'"
    "\n\nport 70000\n"                           | 2    | '3: --port must be 0 to 65535, not 70000'
    "allowTransfer 'key:nope'\n"                 | 2    | "1: --allow-transfer key:nope names TSIG key nope, which no --tsig-key defines"
  }
}
