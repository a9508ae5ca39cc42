package org.loomdns.client

import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.chain.Transport
import org.loomdns.support.Scratch
import org.loomdns.support.TestServer
import org.loomdns.support.Wire
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.MXRecord
import org.xbill.DNS.Rcode
import org.xbill.DNS.ResolverConfig
import org.xbill.DNS.SOARecord
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** DnsClient against a real loomdns on loopback serving ClientZones. */
class ClientSpec extends Specification {

  @Shared @AutoCleanup TestServer server = TestServer.withZones(ClientZones.ALL)
  @Shared DnsClient dns = DnsClient.forServer('127.0.0.1', server.port)

  def "#method asks for #type and gives the answer section"() {
    when:
    Response r = dns."$method"(name)

    then:
    r.question().type == Type.value(type)
    r.answer()*.rdataToString() as Set == expected as Set
    r.answer().every { it.type == Type.value(type) }
    r.server() == "127.0.0.1#${server.port}"

    where:
    method                | name                       || type    | expected
    'lookupAddress'       | 'www.client.test'          || 'A'     | ['192.0.2.80']
    'lookupIPV6Address'   | 'www.client.test'          || 'AAAA'  | ['2001:db8:0:0:0:0:0:80']
    'lookupMailExchange'  | 'client.test'              || 'MX'    | ['10 mail.client.test.', '5 mx0.client.test.']
    'lookupNameservers'   | 'client.test'              || 'NS'    | ['ns1.client.test.']
    'lookupCanonicalName' | 'alias.client.test'        || 'CNAME' | ['www.client.test.']
    'lookupPointer'       | '80.2.0.192.in-addr.arpa'  || 'PTR'   | ['www.client.test.']
    'lookupText'          | 'client.test'              || 'TXT'   | ['hello']
    'lookupService'       | '_sip._udp.client.test'    || 'SRV'   | ['10 60 5060 sip.client.test.']
    'lookupAuthority'     | 'client.test'              || 'SOA'   | ['ns1.client.test. hostmaster.client.test. 1 7200 3600 1209600 60']
  }

  def "an MX lookup carries the exchanges' addresses in the additional section"() {
    when:
    Response r = dns.lookupMailExchange('client.test')

    then:
    r.answers(MXRecord)*.target*.toString() as Set == ['mail.client.test.', 'mx0.client.test.'] as Set
    r.additional().findAll { it instanceof ARecord }*.rdataToString() as Set == ['192.0.2.25', '192.0.2.26'] as Set
    r.additional().every { it.type != Type.OPT }
  }

  def "a name without data of the type gives an empty answer and the SOA in the authority section"() {
    when:
    Response r = dns.lookupMailExchange('www.client.test')

    then:
    r.answer().isEmpty()
    r.authority()*.type == [Type.SOA]
    r.message().rcode == Rcode.NOERROR
  }

  def "query asks any type and class"() {
    expect:
    dns.query('www.client.test', Type.AAAA, DClass.IN).answer()*.rdataToString() == ['2001:db8:0:0:0:0:0:80']
    dns.query('client.test', Type.SOA).answers(SOARecord)*.serial == [1L]
  }

  def "getHostByName gives #expected for #name preferring #prefer"() {
    expect:
    dns.getHostByName(name, prefer) == InetAddress.getByName(expected)

    where:
    name                 | prefer                   || expected
    'www.client.test'    | DnsClient.Prefer.IPV4    || '192.0.2.80'
    'www.client.test'    | DnsClient.Prefer.IPV6    || '2001:db8::80'
    'v6only.client.test' | DnsClient.Prefer.IPV4    || '2001:db8::6'
    'v4only.client.test' | DnsClient.Prefer.IPV6    || '192.0.2.4'
    'alias.client.test'  | DnsClient.Prefer.IPV4    || '192.0.2.80'
    'outside.client.test'| DnsClient.Prefer.IPV4    || '192.0.2.180'
  }

  def "getHostByName prefers IPv4 when not told"() {
    expect:
    dns.getHostByName('www.client.test') == InetAddress.getByName('192.0.2.80')
  }

  def "getHostByName answers from the hosts file before asking a server"() {
    given:
    def hosts = Scratch.file('hosts', '')
    Files.writeString(hosts, '192.0.2.99 www.client.test\n2001:db8::99 v6only.client.test\n')
    def client = DnsClient.builder().server('127.0.0.1', server.port).hostsFile(hosts).build()

    expect:
    client.getHostByName('www.client.test') == InetAddress.getByName('192.0.2.99')
    client.getHostByName('v6only.client.test') == InetAddress.getByName('2001:db8::99')
    client.getHostByName('v4only.client.test') == InetAddress.getByName('192.0.2.4')
  }

  def "getHostByName of a name with no address says so, naming server and name"() {
    when:
    dns.getHostByName('_sip._udp.client.test')

    then:
    DnsLookupException e = thrown()
    !(e instanceof NxDomainException)
    e.message.contains('no A or AAAA records')
    e.message.contains("127.0.0.1#${server.port}")
    e.message.contains('_sip._udp.client.test.')
  }

  def "getHostByName stops at a CNAME loop"() {
    when:
    dns.getHostByName('loop1.client.test')

    then:
    DnsLookupException e = thrown()
    e.message == "CNAME loop from 127.0.0.1#${server.port} for loop1.client.test. A IN"
  }

  def "reverseName(#address) is #expected"() {
    expect:
    DnsClient.reverseName(address).toString() == expected

    where:
    address         || expected
    '192.0.2.100'   || '100.2.0.192.in-addr.arpa.'
    '10.0.0.1'      || '1.0.0.10.in-addr.arpa.'
    '2001:db8::80'  || '0.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.'
    '::1'           || '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.'
  }

  def "reverseName refuses #address with a clear message"() {
    when:
    DnsClient.reverseName(address)

    then:
    IllegalArgumentException e = thrown()
    e.message == "not an IPv4 or IPv6 address: $address"

    where:
    address << ['300.1.1.1', 'www.client.test', '', '2001:db8:::1']
  }

  def "reverseLookup finds the name of an IPv4 and an IPv6 address"() {
    expect:
    dns.reverseLookup(address).answer()*.rdataToString() == ['www.client.test.']

    where:
    address << ['192.0.2.80', '2001:db8::80']
  }

  def "a name that does not exist is an NxDomainException naming server and question"() {
    when:
    dns.lookupAddress('nothere.client.test')

    then:
    NxDomainException e = thrown()
    e.message == "NXDOMAIN from 127.0.0.1#${server.port} for nothere.client.test. A IN"
    e.rcode() == Rcode.NXDOMAIN
    e.response().get().getSection(org.xbill.DNS.Section.AUTHORITY)*.type == [Type.SOA]
  }

  def "a name the server does not serve is a RefusedException"() {
    when:
    dns.lookupAddress('www.elsewhere.example')

    then:
    RefusedException e = thrown()
    e.message == "REFUSED from 127.0.0.1#${server.port} for www.elsewhere.example. A IN"
  }

  def "a server that fails is a ServFailException"() {
    given:
    def failing = TestServer.withZones([], [dynamic: stage { Outcome.Answer.failure(Rcode.SERVFAIL) }])

    when:
    DnsClient.forServer('127.0.0.1', failing.port).lookupAddress('www.client.test')

    then:
    ServFailException e = thrown()
    e.message == "SERVFAIL from 127.0.0.1#${failing.port} for www.client.test. A IN"

    cleanup:
    failing?.close()
  }

  def "a server that never answers is asked #tries times, then a LookupTimeoutException names it"() {
    given:
    def silent = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    def client = DnsClient.builder().server('127.0.0.1', silent.localPort)
        .timeout(Duration.ofMillis(300)).tries(tries).build()

    when:
    client.lookupAddress('www.client.test')

    then:
    LookupTimeoutException e = thrown()
    e.message.contains("no reply from 127.0.0.1#${silent.localPort} for www.client.test. A IN")
    e.message.contains("$tries tries")
    datagrams(silent) == tries

    cleanup:
    silent?.close()

    where:
    tries << [1, 3]
  }

  def "when the first server is silent or fails, the next one answers"() {
    given:
    def silent = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    def failing = TestServer.withZones([], [dynamic: stage { Outcome.Answer.failure(Rcode.SERVFAIL) }])
    def client = DnsClient.builder().timeout(Duration.ofMillis(300)).tries(1)
        .server('127.0.0.1', silent.localPort).server('127.0.0.1', failing.port).server('127.0.0.1', server.port).build()

    when:
    Response r = client.lookupAddress('www.client.test')

    then:
    r.answer()*.rdataToString() == ['192.0.2.80']
    r.server() == "127.0.0.1#${server.port}"

    cleanup:
    silent?.close()
    failing?.close()
  }

  def "a reply too big for UDP arrives whole over TCP (EDNS #payload)"() {
    given: 'the server truncates the UDP reply'
    def udp = Wire.udp(server.port, payload ? Wire.query('big.client.test', Type.TXT, [edns: payload]) : Wire.query('big.client.test', Type.TXT))
    assert udp.header.getFlag(Flags.TC)
    def client = DnsClient.builder().server('127.0.0.1', server.port).udpPayload(payload).build()

    when:
    Response r = client.lookupText('big.client.test')

    then:
    !r.message().header.getFlag(Flags.TC)
    r.answers(TXTRecord).collect { it.strings.join() } as Set == ClientZones.BIG_TXT as Set

    where:
    payload << [0, 1232]
  }

  def "a client asks over #expected when tcp is #tcp"() {
    given: 'a stage that notes how each query came'
    def transports = Collections.synchronizedList([])
    def noting = TestServer.withZones([], [dynamic: stage { Query q ->
      transports << q.transport()
      new Outcome.Answer(Rcode.NOERROR, true, [new ARecord(q.name(), DClass.IN, 60, InetAddress.getByName('192.0.2.7'))], [], [])
    }])
    def client = DnsClient.builder().server('127.0.0.1', noting.port).tcp(tcp).build()

    when:
    client.lookupAddress('www.noting.test')

    then:
    transports == [expected]

    cleanup:
    noting?.close()

    where:
    tcp   || expected
    false || Transport.UDP
    true  || Transport.TCP
  }

  def "the async variants complete with the answer, or exceptionally with the typed failure"() {
    expect:
    dns.lookupAddressAsync('www.client.test').get(30, TimeUnit.SECONDS).answer()*.rdataToString() == ['192.0.2.80']
    dns.getHostByNameAsync('www.client.test', DnsClient.Prefer.IPV6).get(30, TimeUnit.SECONDS) == InetAddress.getByName('2001:db8::80')
    dns.reverseLookupAsync('192.0.2.25').get(30, TimeUnit.SECONDS).answer()*.rdataToString() == ['mail.client.test.']

    when:
    dns.lookupMailExchangeAsync('nothere.client.test').get(30, TimeUnit.SECONDS)

    then:
    ExecutionException e = thrown()
    e.cause instanceof NxDomainException
  }

  def "a bad name fails the future, not the caller"() {
    when:
    dns.queryAsync('bad..name', Type.A).get(30, TimeUnit.SECONDS)

    then:
    ExecutionException e = thrown()
    e.cause instanceof IllegalArgumentException
    e.cause.message.startsWith('not a domain name: bad..name')
  }

  def "thousands of lookups in parallel all answer, with no more than maxInFlight on the wire"() {
    given: 'a stage that counts the queries it holds at once'
    def now = new AtomicInteger()
    def most = new AtomicInteger()
    def slow = TestServer.withZones([], [dynamic: stage { Query q ->
      most.accumulateAndGet(now.incrementAndGet(), Math::max)
      Thread.sleep(5)
      now.decrementAndGet()
      new Outcome.Answer(Rcode.NOERROR, true, [new ARecord(q.name(), DClass.IN, 60, InetAddress.getByName('192.0.2.7'))], [], [])
    }])
    def client = DnsClient.builder().server('127.0.0.1', slow.port).maxInFlight(16).build()

    when:
    def futures = (0..<2000).collect { client.getHostByNameAsync("host${it}.parallel.test") }
    def answers = futures.collect { it.get(120, TimeUnit.SECONDS) }

    then:
    answers.every { it == InetAddress.getByName('192.0.2.7') }
    most.get() <= 16
    most.get() > 1

    cleanup:
    slow?.close()
  }

  def "blocking lookups from a thousand virtual threads all answer"() {
    given:
    def results = Collections.synchronizedList([])
    def threads = (0..<1000).collect { i ->
      Thread.ofVirtual().start { results << dns.lookupAddress(i % 2 ? 'www.client.test' : 'mail.client.test').answer()[0].rdataToString() }
    }

    when:
    threads.each { it.join(Duration.ofSeconds(120)) }

    then:
    results.size() == 1000
    results.count { it == '192.0.2.80' } == 500
    results.count { it == '192.0.2.25' } == 500
  }

  def "a builder refuses #what"() {
    when:
    build.call()

    then:
    IllegalArgumentException e = thrown()
    e.message.contains(says)

    where:
    what                 | build                                                                    || says
    'a server name'      | { DnsClient.builder().server('ns1.client.test', 53) }                    || 'IP address'
    'port 0'             | { DnsClient.builder().server('127.0.0.1', 0) }                           || 'port'
    'a zero timeout'     | { DnsClient.builder().timeout(Duration.ZERO) }                           || 'timeout'
    'zero tries'         | { DnsClient.builder().tries(0) }                                         || 'tries'
    'a tiny UDP payload' | { DnsClient.builder().udpPayload(100) }                                  || 'UDP payload'
    'a bad ADDRESS#PORT' | { DnsClient.forServer('127.0.0.1#port') }                                || 'ADDRESS#PORT'
  }

  def "forServer takes ADDRESS#PORT as the client prints servers"() {
    expect:
    DnsClient.forServer("127.0.0.1#${server.port}").servers() == ["127.0.0.1#${server.port}"]
    DnsClient.forServer("127.0.0.1#${server.port}").lookupAddress('www.client.test').answer().size() == 1
    DnsClient.forServer('::1').servers() == ['0:0:0:0:0:0:0:1#53']
  }

  def "fromSystem asks the servers of resolv.conf and answers getHostByName from /etc/hosts"() {
    given:
    def system = DnsClient.fromSystem()

    expect:
    system.servers() == ResolverConfig.getCurrentConfig().servers().collect { "${it.address.hostAddress}#${it.port}".toString() }
    system.getHostByName('localhost').loopbackAddress
  }

  /** Datagrams that reached a silent server, counted after the client gave up. */
  private static int datagrams(DatagramSocket s) {
    s.soTimeout = 200
    int n = 0
    try {
      while (n < 100) {
        s.receive(new DatagramPacket(new byte[512], 512))
        n++
      }
    } catch (SocketTimeoutException ignored) {
    }
    n
  }

  private static Resolver stage(Closure<Outcome> answer) {
    [name: { 'dynamic' }, resolve: { Query q -> answer.maximumNumberOfParameters ? answer.call(q) : answer.call() }, recurses: { false }] as Resolver
  }
}
