package org.loomdns.secondary

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Dig
import org.loomdns.support.FakePrimary
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import spock.lang.Requires
import spock.lang.Specification

/** loomdns run as a user runs it, secondary of an in-process primary, asked with dig. */
@Requires({ Dig.available() })
class SecondaryCliSpec extends Specification {

  static final String KEY = 'hmac-sha256:xfr-key:' + Base64.encoder.encodeToString(('k' * 32).bytes)

  static String zone(long serial, String www) {
    """\$ORIGIN sec.example.
\$TTL 300
@    SOA ns1 hostmaster ${serial} 3600 600 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   ${www}
"""
  }

  List<AutoCloseable> closing = []
  Path dir = Scratch.dir('secondary-cli')

  def cleanup() {
    closing.reverse().each { it.close() }
    dir.toFile().deleteDir()
  }

  LoomProcess loom(List<String> args) {
    def p = LoomProcess.start(['-i', '127.0.0.1', '--secondary-dir', dir.resolve('copies').toString()] + args)
    closing << p
    p
  }

  static String dig(int port, String... args) {
    Dig.run(['@127.0.0.1', '-p', port as String, '+norec'] + (args as List))
  }

  def "#what gives one clear line and exit code 2"() {
    when:
    def (code, out) = LoomProcess.run(['-p', '0'] + args)

    then:
    code == 2
    out.trim().readLines().size() == 1
    out.contains(message)

    where:
    what                         | args                                                               || message
    'a secondary without a zone' | ['--secondary', '127.0.0.1']                                       || '--secondary 127.0.0.1: takes ADDR[:PORT]/ZONE[/key:NAME]'
    'a host name as primary'     | ['--secondary', 'ns1.example/sec.example']                         || 'the primary must be an IP address, not ns1.example'
    'a port out of range'        | ['--secondary', '127.0.0.1:70000/sec.example']                     || 'the port must be 1 to 65535, not 70000'
    'an unbracketed IPv6 port'   | ['--secondary', '[::1:53/sec.example']                             || 'an IPv6 primary is [ADDR] or [ADDR]:PORT'
    'an undefined key'           | ['--secondary', '127.0.0.1/sec.example/key:nokey']                 || 'names TSIG key nokey, which no --tsig-key defines'
    'a bad NOTIFY list entry'    | ['--allow-notify', 'somewhere']                                    || '--allow-notify somewhere: not an address range: somewhere (it takes an address, a CIDR or key:NAME)'
  }

  def "check says which --secondary, --allow-notify and --tsig-key forms are good and which are not"() {
    when:
    def (code, out) = LoomProcess.run(['check'] + args)

    then:
    code == exit
    lines.every { out.contains(it) }

    where:
    args                                                                                   || exit | lines
    ['--tsig-key', KEY, '--secondary', '[::1]:5300/sec.example/key:xfr-key',
     '--allow-notify', '192.0.2.0/24', '--allow-notify', 'key:xfr-key']                     || 0    | ['--secondary [::1]:5300/sec.example/key:xfr-key: zone sec.example. from [0:0:0:0:0:0:0:1]:5300 key xfr-key.: OK',
                                                                                                   '--allow-notify 192.0.2.0/24: OK', '--allow-notify key:xfr-key: OK']
    ['--secondary', '127.0.0.1/sec.example/key:xfr-key', '--allow-notify', '10.0.0.0/33']    || 2    | ['--secondary 127.0.0.1/sec.example/key:xfr-key names TSIG key xfr-key, which no --tsig-key defines',
                                                                                                   '--allow-notify 10.0.0.0/33: prefix /33 is out of range for 10.0.0.0 (it takes an address, a CIDR or key:NAME)']
    ['--tsig-key', 'xfr-key:not base64!']                                                   || 2    | ['--tsig-key: TSIG key xfr-key: the secret is not base64']
  }

  def "a secondary serves after its first AXFR, takes a NOTIFY'd change by IXFR, keeps it over SIGHUP and serves it from disk after a restart"() {
    given:
    def primary = new FakePrimary('sec.example.', zone(1, '192.0.2.1'))
    closing << primary
    int port = LoomProcess.freePort()
    def args = ['-p', port as String, '--secondary', "127.0.0.1:${primary.port}/sec.example".toString()]

    when:
    def server = loom(args)

    then:
    server.awaitOutput('transferred zone sec.example. serial - -> 1 by AXFR')
    dig(port, 'www.sec.example', 'A', '+short').trim() == '192.0.2.1'

    when: 'the primary changes and notifies'
    primary.publish(zone(2, '192.0.2.2'))
    def reply = dig(port, '+opcode=notify', 'sec.example', 'SOA')

    then:
    reply.contains('opcode: NOTIFY, status: NOERROR')
    reply =~ /flags: qr aa/
    server.awaitOutput('transferred zone sec.example. serial 1 -> 2 by IXFR')
    dig(port, 'www.sec.example', 'A', '+short').trim() == '192.0.2.2'

    when:
    server.signal('HUP')

    then:
    server.awaitOutput('SIGHUP: reloading zones')
    dig(port, 'sec.example', 'SOA', '+short').contains(' 2 3600 ')

    when: 'loomdns restarts while the primary is down'
    server.signal('TERM')
    server.awaitExit()
    primary.up = false
    def again = loom(args)

    then:
    again.awaitOutput('secondary zone sec.example. serial 2 (4 records) served from')
    again.awaitOutput('serving with stages')
    dig(port, 'www.sec.example', 'A', '+short').trim() == '192.0.2.2'
    !again.output.contains('transferred')
  }

  def "a NOTIFY for a zone we are not secondary for gets NOTAUTH, and one from outside the primaries and --allow-notify REFUSED"() {
    given: 'a primary at 127.0.0.2, so that dig from 127.0.0.1 is neither it nor in --allow-notify'
    int port = LoomProcess.freePort()
    def server = loom(['-p', port as String, '--secondary', "127.0.0.2:${LoomProcess.freePort()}/sec.example".toString(),
                     '--allow-notify', '192.0.2.0/24'])
    assert server.awaitOutput('serving with stages')

    expect:
    dig(port, '+opcode=notify', 'other.example', 'SOA').contains('status: NOTAUTH')
    dig(port, '+opcode=notify', 'sec.example', 'SOA').contains('status: REFUSED')
  }
}
