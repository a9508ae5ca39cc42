package org.loomdns.zone.dsl

import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.Wire
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/** --pyzone and check as a user meets them: exit codes, one-line errors with file and line. */
class PyzoneCliSpec extends Specification {

  File dir = Scratch.dir('pyzone').toFile()

  def "check reads .groovy and .py files as Groovy zones and names each mistake's file and line"() {
    given:
    def bad = new File(dir, 'bad.groovy')
    bad.text = "zone = [\n  NS('bad.example', 'ns.bad.example'),\n  MXX('bad.example', 1, 'm.bad.example'),\n]\n"

    when:
    def (okCode, okOut) = LoomProcess.run(['check', 'zones/example.com.groovy', 'zones/example-domain.com', 'zones/example.com.zone'])
    def (badCode, badOut) = LoomProcess.run(['check', 'zones/example.com.groovy', bad.path])

    then:
    okCode == 0
    okOut.contains('zones/example.com.groovy: zone example.com. serial 2026112301, 19 records: OK')
    okOut.contains('zones/example-domain.com: zone example-domain.com. serial 2003010601, 7 records: OK')
    okOut.contains('zones/example.com.zone: zone example.com. serial 2026112301, 19 records: OK')
    badCode == 1
    badOut.contains("${bad.path}:3: MXX(...) is neither a record type nor a method of this file; did you mean MX?")
    !badOut.contains('\tat ')
    !badOut.contains('Exception')
  }

  def "a Groovy zone with a mistake stops start-up with its file and line and a non-zero exit"() {
    given:
    def bad = new File(dir, 'bad.groovy')
    bad.text = "zone = [\n  A('www.bad.example', '192.0.2.1'\n"

    when:
    def (code, out) = LoomProcess.run(['--pyzone', bad.path, '-p', '0', '-i', '127.0.0.1'])

    then:
    code == 1
    out.readLines().find { it.startsWith('loomdns: ') }.startsWith("loomdns: ${bad.path}:")
    !out.contains('\tat ')
  }

  def "--pyzone serves a Groovy zone next to a BIND one"() {
    given:
    def port = LoomProcess.freePort()
    def server = LoomProcess.start(['--pyzone', 'zones/example-domain.com', '--bindzone', 'zones/example.com.zone',
        '-i', '127.0.0.1', '-p', port as String])
    assert server.awaitOutput('serving with stages')

    when:
    def twisted = Wire.udp(port, Wire.query('mail.example-domain.com', Type.A))
    def bind = Wire.udp(port, Wire.query('www.example.com', Type.A))

    then:
    twisted.rcode == Rcode.NOERROR
    twisted.getSection(Section.ANSWER)*.rdataToString() == ['123.0.16.43']
    bind.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.80']
    server.output.contains('43.16.0.123.in-addr.arpa. is outside the zone example-domain.com.; skipped')

    cleanup:
    server?.close()
  }

  def "--help lists --pyzone"() {
    expect:
    LoomProcess.run(['--help'])[1].contains('--pyzone')
  }
}
