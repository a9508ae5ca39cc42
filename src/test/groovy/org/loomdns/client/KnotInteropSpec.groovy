package org.loomdns.client

import java.util.concurrent.TimeUnit
import org.loomdns.support.Knot
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.Flags
import org.xbill.DNS.Type
import org.xbill.DNS.TXTRecord
import spock.lang.AutoCleanup
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

/** The client against Knot DNS serving the same zones as loomdns: same answers, same failures. */
class KnotInteropSpec extends Specification {

  @Shared @AutoCleanup Knot knot = Knot.startTexts(ClientZones.ALL)
  @Shared @AutoCleanup TestServer loom = TestServer.withZones(ClientZones.ALL)
  @Shared DnsClient fromKnot = DnsClient.forServer('127.0.0.1', knot.port)
  @Shared DnsClient fromLoom = DnsClient.forServer('127.0.0.1', loom.port)

  def "#name #type: Knot and loomdns give the client the same answer"() {
    when:
    Response k = fromKnot.query(name, Type.value(type))
    Response l = fromLoom.query(name, Type.value(type))

    then:
    !k.answer().isEmpty()
    k.answer()*.toString() as Set == l.answer()*.toString() as Set

    where:
    name                       | type
    'www.client.test'          | 'A'
    'www.client.test'          | 'AAAA'
    'client.test'              | 'MX'
    'client.test'              | 'NS'
    'client.test'              | 'SOA'
    'client.test'              | 'TXT'
    'alias.client.test'        | 'CNAME'
    'alias.client.test'        | 'A'
    '_sip._udp.client.test'    | 'SRV'
    '80.2.0.192.in-addr.arpa'  | 'PTR'
  }

  def "getHostByName and reverseLookup work against Knot"() {
    expect:
    fromKnot.getHostByName('www.client.test') == InetAddress.getByName('192.0.2.80')
    fromKnot.getHostByName('www.client.test', DnsClient.Prefer.IPV6) == InetAddress.getByName('2001:db8::80')
    fromKnot.getHostByName('v6only.client.test') == InetAddress.getByName('2001:db8::6')
    fromKnot.getHostByName('outside.client.test') == InetAddress.getByName('192.0.2.180')
    fromKnot.reverseLookup('2001:db8::80').answer()*.rdataToString() == ['www.client.test.']
  }

  def "a name Knot does not have is an NxDomainException naming Knot"() {
    when:
    fromKnot.lookupAddress('nothere.client.test')

    then:
    NxDomainException e = thrown()
    e.message == "NXDOMAIN from 127.0.0.1#${knot.port} for nothere.client.test. A IN"
  }

  def "a name outside Knot's zones is a RefusedException"() {
    when:
    fromKnot.lookupAddress('www.elsewhere.example')

    then:
    thrown(RefusedException)
  }

  def "Knot truncates the big TXT set over UDP and the client gets it whole over TCP"() {
    given:
    assert Wire.udp(knot.port, Wire.query('big.client.test', Type.TXT, [edns: 1232])).header.getFlag(Flags.TC)

    when:
    Response r = fromKnot.lookupText('big.client.test')

    then:
    !r.message().header.getFlag(Flags.TC)
    r.answers(TXTRecord).collect { it.strings.join() } as Set == ClientZones.BIG_TXT as Set
  }

  def "five hundred parallel lookups against Knot all answer"() {
    when:
    def answers = (0..<500).collect { fromKnot.lookupAddressAsync(it % 2 ? 'www.client.test' : 'mail.client.test') }
        .collect { it.get(60, TimeUnit.SECONDS).answer()[0].rdataToString() }

    then:
    answers.count { it == '192.0.2.80' } == 250
    answers.count { it == '192.0.2.25' } == 250
  }
}
