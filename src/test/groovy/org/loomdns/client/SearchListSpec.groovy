package org.loomdns.client

import org.loomdns.support.TestServer
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** resolv.conf's search and ndots, applied as the C library applies them. */
class SearchListSpec extends Specification {

  def "with ndots #ndots, #name is tried as #tried"() {
    expect:
    SearchList.of(['corp.example', 'example'], ndots).candidates(name)*.toString() == tried

    where:
    name          | ndots || tried
    'www'         | 1     || ['www.corp.example.', 'www.example.', 'www.']
    'www.lab'     | 1     || ['www.lab.', 'www.lab.corp.example.', 'www.lab.example.']
    'www.lab'     | 2     || ['www.lab.corp.example.', 'www.lab.example.', 'www.lab.']
    'www.lab.'    | 5     || ['www.lab.']
    'www'         | 0     || ['www.', 'www.corp.example.', 'www.example.']
  }

  def "without search domains a name is taken as it is"() {
    expect:
    SearchList.NONE.candidates('www') *.toString() == ['www.']
  }

  @Shared @AutoCleanup TestServer server = TestServer.withZones(ClientZones.ALL)

  def "a client with a search list finds #name under it, NXDOMAIN under one domain moving on to the next"() {
    given:
    def client = DnsClient.builder().server('127.0.0.1', server.port).search(['other.test', 'client.test'], 1).build()

    expect:
    client.getHostByName(name).hostAddress == address
    client.lookupAddress(name).answer()[0].rdataToString() == address

    where:
    name  || address
    'www' || '192.0.2.180'
    'sip' || '192.0.2.60'
  }

  def "a name found nowhere under the search list is NXDOMAIN, naming the first name tried"() {
    given:
    def client = DnsClient.builder().server('127.0.0.1', server.port).search(['client.test', 'other.test'], 1).build()

    when:
    client.lookupAddress('nothere')

    then:
    NxDomainException e = thrown()
    e.message.contains('nothere.client.test.')

    when: 'REFUSED, first, ends the search'
    client.lookupAddress('nothere.test')

    then:
    thrown(RefusedException)
  }
}
