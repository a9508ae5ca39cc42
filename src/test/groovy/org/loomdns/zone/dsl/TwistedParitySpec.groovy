package org.loomdns.zone.dsl

import org.loomdns.support.LoomProcess
import org.loomdns.support.TwistedNames
import org.loomdns.support.Wire
import org.xbill.DNS.Message
import org.xbill.DNS.Rcode
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

/**
 * The same pyzone files served by Twisted Names 22.4 and by loomdns give the same answers: the
 * Twisted howto's example-domain.com byte for byte, and real-world-shaped files (an office
 * network built by loops, its reverse zone, every record type Twisted has). Answers are compared
 * as RRsets in presentation form without TTLs, in any order: Twisted's default TTL is the larger
 * of the SOA's minimum and expire, loomdns's the minimum (docs/twisted.md).
 */
@IgnoreIf({ !TwistedNames.available() })
class TwistedParitySpec extends Specification {

  static final String R = 'samples/pyzone/'
  static final List<String> FILES = ['zones/example-domain.com', R + 'office.example', R + '30.20.10.in-addr.arpa', R + 'records.example']

  @Shared TwistedNames twisted
  @Shared LoomProcess loom
  @Shared int loomPort

  def setupSpec() {
    twisted = TwistedNames.start(FILES.collectMany { ['--pyzone', new File(it).absolutePath] }, 'records.example')
    loomPort = LoomProcess.freePort()
    loom = LoomProcess.start(FILES.collectMany { ['--pyzone', it] } + ['-i', '127.0.0.1', '-p', loomPort as String])
    assert loom.awaitOutput('serving with stages')
  }

  def cleanupSpec() {
    twisted?.close()
    loom?.close()
  }

  static List<String> answers(Message m) {
    m.getSection(Section.ANSWER).collect { "${it.name} ${Type.string(it.type)} ${it.rdataToString()}".toString() }.sort()
  }

  def "#name #type: loomdns answers as Twisted does"() {
    when:
    Message t = Wire.udp(twisted.port, Wire.query(name, Type.value(type), [rd: false]), 3000)
    Message l = Wire.udp(loomPort, Wire.query(name, Type.value(type), [rd: false]), 3000)

    then:
    t != null && l != null
    t.rcode == Rcode.NOERROR
    answers(l) == answers(t)
    !answers(t).isEmpty()

    where:
    name                           | type
    'example-domain.com'           | 'SOA'
    'example-domain.com'           | 'A'
    'example-domain.com'           | 'NS'
    'example-domain.com'           | 'MX'
    'www.example-domain.com'       | 'A'
    'mail.example-domain.com'      | 'A'
    'ws07.office.example'          | 'A'
    'ws20.office.example'          | 'A'
    'printer2.office.example'      | 'A'
    'office.example'               | 'NS'
    'office.example'               | 'MX'
    'backup-mx.office.example'     | 'A'
    '_ldap._tcp.office.example'    | 'SRV'
    '_kerberos._udp.office.example'| 'SRV'
    '_sip._tcp.office.example'     | 'SRV'
    'www.office.example'           | 'A'
    '30.20.10.in-addr.arpa'        | 'SOA'
    '1.30.20.10.in-addr.arpa'      | 'PTR'
    '105.30.20.10.in-addr.arpa'    | 'PTR'
    '202.30.20.10.in-addr.arpa'    | 'PTR'
    'records.example'              | 'SOA'
    'records.example'              | 'TXT'
    'multi.records.example'        | 'TXT'
    'records.example'              | 'SPF'
    'host.records.example'         | 'HINFO'
    'records.example'              | 'RP'
    'records.example'              | 'AFSDB'
    'sip.records.example'          | 'NAPTR'
    'list.records.example'         | 'MINFO'
    'mb.records.example'           | 'MB'
    'mg.records.example'           | 'MG'
    'mr.records.example'           | 'MR'
    'old.records.example'          | 'DNAME'
    'v6.records.example'           | 'AAAA'
    'a6.records.example'           | 'A6'
    'a6p.records.example'          | 'A6'
    'host.records.example'         | 'SSHFP'
    'host.records.example'         | 'WKS'
    'records.example'              | 'MX'
    'ptr.records.example'          | 'PTR'
    'alias.records.example'        | 'CNAME'
    'null.records.example'         | 'NULL'
  }

  def "to a CNAME question Twisted adds the target's records; loomdns answers the CNAME alone, as RFC 1034 4.3.2 says"() {
    when:
    Message t = Wire.udp(twisted.port, Wire.query('ftp.example-domain.com', Type.CNAME, [rd: false]), 3000)
    Message l = Wire.udp(loomPort, Wire.query('ftp.example-domain.com', Type.CNAME, [rd: false]), 3000)

    then:
    answers(t) == ['example-domain.com. A 127.0.0.1', 'ftp.example-domain.com. CNAME example-domain.com.']
    answers(l) == ['ftp.example-domain.com. CNAME example-domain.com.']
  }

  def "a name neither has is NXDOMAIN from both"() {
    when:
    Message t = Wire.udp(twisted.port, Wire.query('201.30.20.10.in-addr.arpa', Type.PTR, [rd: false]), 3000)
    Message l = Wire.udp(loomPort, Wire.query('201.30.20.10.in-addr.arpa', Type.PTR, [rd: false]), 3000)

    then:
    t.rcode == Rcode.NXDOMAIN
    l.rcode == Rcode.NXDOMAIN
  }

  def "the howto's file is kept byte for byte as Twisted's documentation lists it"() {
    expect: 'the trailing blanks and the leading empty line of docs/names/howto/listings/names/example-domain.com'
    def text = new File('zones/example-domain.com').text
    text.startsWith('\nzone = [\n    SOA(\n')
    text.contains('        serial = 2003010601,        \n')
    text.length() == 1097
  }
}
