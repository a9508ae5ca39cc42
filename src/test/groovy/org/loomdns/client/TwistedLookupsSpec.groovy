package org.loomdns.client

import org.loomdns.support.TestServer
import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Every lookup method of Twisted's IResolver has a counterpart of the same name and meaning. */
class TwistedLookupsSpec extends Specification {

  static final String ZONE = '''$ORIGIN tw.test.
$TTL 60
@        SOA   ns hostmaster 7 7200 3600 1209600 60
@        NS    ns
ns       A     192.0.2.53
host     A     192.0.2.1
host     AAAA  2001:db8::1
host     A6    0 2001:db8::1
host     HINFO "PDP-11" "UNIX"
host     WKS   192.0.2.1 TCP 25 80
host     NULL  \\# 3 010203
box      MB    host
box      MG    host
box      MR    host
box      MINFO admin.tw.test. errors.tw.test.
@        RP    admin.tw.test. info.tw.test.
@        AFSDB 1 host
@        NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.tw.test.
@        SPF   "v=spf1 -all"
@        TXT   "hello"
@        MX    10 host
alias    CNAME host
_x._tcp  SRV   1 2 3 host
'''

  @Shared @AutoCleanup TestServer server = TestServer.withZones([ZONE])
  @Shared DnsClient client = DnsClient.forServer('127.0.0.1', server.port)

  def "#method(#name) answers the #type records, blocking and as a future"() {
    when:
    def blocking = client."$method"(name)
    def later = client."${method}Async"(name).get()

    then:
    !blocking.answer().isEmpty()
    blocking.answer().every { it.type == Type.value(type) }
    later.answer()*.toString() == blocking.answer()*.toString()

    where:
    method                         | name           || type
    'lookupAddress'                | 'host.tw.test' || 'A'
    'lookupIPV6Address'            | 'host.tw.test' || 'AAAA'
    'lookupAddress6'               | 'host.tw.test' || 'A6'
    'lookupHostInfo'               | 'host.tw.test' || 'HINFO'
    'lookupWellKnownServices'      | 'host.tw.test' || 'WKS'
    'lookupNull'                   | 'host.tw.test' || 'NULL'
    'lookupMailBox'                | 'box.tw.test'  || 'MB'
    'lookupMailGroup'              | 'box.tw.test'  || 'MG'
    'lookupMailRename'             | 'box.tw.test'  || 'MR'
    'lookupMailboxInfo'            | 'box.tw.test'  || 'MINFO'
    'lookupResponsibility'         | 'tw.test'      || 'RP'
    'lookupAFSDatabase'            | 'tw.test'      || 'AFSDB'
    'lookupNamingAuthorityPointer' | 'tw.test'      || 'NAPTR'
    'lookupSenderPolicy'           | 'tw.test'      || 'SPF'
    'lookupText'                   | 'tw.test'      || 'TXT'
    'lookupMailExchange'           | 'tw.test'      || 'MX'
    'lookupNameservers'            | 'tw.test'      || 'NS'
    'lookupAuthority'              | 'tw.test'      || 'SOA'
    'lookupCanonicalName'          | 'alias.tw.test'|| 'CNAME'
    'lookupService'                | '_x._tcp.tw.test' || 'SRV'
  }

  def "lookupAllRecords asks ANY and gets every type of the name"() {
    when:
    def all = client.lookupAllRecords('host.tw.test')

    then: 'over UDP a server may answer ANY minimally (RFC 8482); over TCP loomdns gives all'
    !all.answer().isEmpty()
    DnsClient.builder().server('127.0.0.1', server.port).tcp(true).build().lookupAllRecords('host.tw.test')
        .answer()*.type as Set == [Type.A, Type.AAAA, Type.A6, Type.HINFO, Type.WKS, Type.NULL] as Set
  }

  def "lookupZone transfers the whole zone, SOA first and last, blocking and as a future"() {
    given:
    def transferring = TestServer.withZones([ZONE], [allowTransfer: [org.loomdns.net.Cidr.parse('127.0.0.1')]])
    def c = DnsClient.forServer('127.0.0.1', transferring.port)

    when:
    def records = c.lookupZone('tw.test')

    then:
    records.first().type == Type.SOA
    records.last().type == Type.SOA
    records.size() == 22
    c.lookupZoneAsync('tw.test').get()*.toString() == records*.toString()

    cleanup:
    transferring?.close()
  }

  def "lookupZone where transfers are refused fails naming the server"() {
    when:
    client.lookupZone('tw.test')

    then:
    DnsLookupException e = thrown()
    e.message.contains('zone transfer failed')
    e.message.contains("127.0.0.1#${server.port}")
  }
}
