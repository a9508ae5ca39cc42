package org.loomdns.hosts

import java.nio.file.Files
import java.nio.file.attribute.FileTime
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Transport
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.Wire
import org.xbill.DNS.DClass
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/** --hosts-file: A, AAAA and PTR from a hosts file, NODATA for a listed name's other types. */
class HostsResolverSpec extends Specification {

  static final String HOSTS = '''# a hosts file as /etc/hosts has them
127.0.0.1   localhost
192.0.2.10  Printer.lan printer   # the office printer
2001:db8::10 printer.lan
192.0.2.11  nas.lan files.lan
not-an-address  broken.lan
192.0.2.12
'''

  def file = Scratch.dir('hosts').resolve('hosts')

  static void write(java.nio.file.Path p, String text) { Files.writeString(p, text) }

  def setup() {
    write(file, HOSTS)
  }

  static Query query(String name, int type) {
    def q = Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)
    new Query(Message.newQuery(q), q, new InetSocketAddress('127.0.0.1', 5353), Transport.UDP)
  }

  static List<String> answer(HostsResolver r, String name, int type) {
    def o = r.resolve(query(name, type))
    o == Outcome.PASS ? null : (o as Outcome.Answer).answer()*.rdataToString()
  }

  def "#name #type is answered #expected"() {
    given:
    def r = HostsResolver.of(file)

    expect:
    answer(r, name, Type.value(type)) == expected

    where:
    name                        | type   || expected
    'printer.lan'               | 'A'    || ['192.0.2.10']
    'PRINTER.LAN'               | 'A'    || ['192.0.2.10']
    'printer'                   | 'A'    || ['192.0.2.10']
    'printer.lan'               | 'AAAA' || ['2001:db8:0:0:0:0:0:10']
    'files.lan'                 | 'A'    || ['192.0.2.11']
    'nas.lan'                   | 'AAAA' || []
    'nas.lan'                   | 'MX'   || []
    '10.2.0.192.in-addr.arpa'   | 'PTR'  || ['printer.lan.']
    '11.2.0.192.in-addr.arpa'   | 'PTR'  || ['nas.lan.']
    'elsewhere.lan'             | 'A'    || null
    'broken.lan'                | 'A'    || null
    '99.2.0.192.in-addr.arpa'   | 'PTR'  || null
  }

  def "an edit to the file is answered a second later, and a file gone keeps the last reading"() {
    given:
    def r = HostsResolver.of(file)

    when:
    write(file, HOSTS.replace('192.0.2.11', '192.0.2.111'))
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000))
    sleep(1100)

    then:
    answer(r, 'nas.lan', Type.A) == ['192.0.2.111']

    when:
    Files.delete(file)
    sleep(1100)

    then:
    answer(r, 'nas.lan', Type.A) == ['192.0.2.111']
  }

  def "loomdns --hosts-file answers from the file before forwarding, and warns of bad lines with file and line"() {
    given:
    def port = LoomProcess.freePort()
    def server = LoomProcess.start(['--hosts-file', file.toString(), '-i', '127.0.0.1', '-p', port as String])
    assert server.awaitOutput('serving with stages')

    when:
    Message a = Wire.udp(port, Wire.query('printer.lan', Type.A))
    Message none = Wire.udp(port, Wire.query('elsewhere.lan', Type.A))

    then:
    a.rcode == Rcode.NOERROR
    a.getSection(Section.ANSWER)*.rdataToString() == ['192.0.2.10']
    none.rcode == Rcode.REFUSED
    server.output.contains("${file}:6: not ADDRESS NAME [ALIAS...]: not-an-address  broken.lan")
    server.output.contains("${file}:7: not ADDRESS NAME [ALIAS...]: 192.0.2.12")
    server.output.contains('stages [authority, hosts]')

    cleanup:
    server?.close()
  }

  def "--recursive answers from the system hosts file #how"() {
    given:
    def upstream = org.loomdns.support.FakeUpstream.silent()
    def port = LoomProcess.freePort()
    def server = LoomProcess.start(['--forward', "127.0.0.1:${upstream.address.port}".toString(), '--forward-timeout', '300',
                                    '-i', '127.0.0.1', '-p', port as String] + flags)
    assert server.awaitOutput('serving with stages')

    when:
    Message m = Wire.udp(port, Wire.query('localhost', Type.A), 5000)

    then:
    m.getSection(Section.ANSWER)*.rdataToString() == answer
    (upstream.count > 0) == asked

    cleanup:
    server?.close()
    upstream?.close()

    where:
    how                        | flags          || answer          | asked
    'first, the upstream never asked' | []      || ['127.0.0.1']   | false
    'unless --no-hosts'        | ['--no-hosts'] || []              | true
  }
}
