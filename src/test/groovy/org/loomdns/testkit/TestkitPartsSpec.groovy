package org.loomdns.testkit

import static org.xbill.DNS.Type.*

import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.SimpleResolver
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** The kit's parts used without the base spec: Loomdns, Reply, Answers and FakeUpstream. */
class TestkitPartsSpec extends Specification {

  @Shared @AutoCleanup Loomdns dns = Loomdns.zones('zones/example.com.zone')
  @AutoCleanup FakeUpstream upstream = FakeUpstream.start()
      .answer('www.example.org. 300 IN A 198.51.100.7', 'www.example.org. IN AAAA 2001:db8::7')

  def "answers equal the list of their data, and print the whole reply after it"() {
    when:
    def answers = dns.resolve('www.example.com', A)

    then:
    answers == ['192.0.2.80']
    answers != ['192.0.2.81']
    answers.size() == 1
    answers[0] == '192.0.2.80'
    answers.toList() == ['192.0.2.80']
    answers.toString().startsWith('[192.0.2.80] from\n')
    answers.toString().contains('status: NOERROR')
    answers.reply.aa
  }

  def "a reply reads as dig shows it: rcode, flags, sections and TTLs"() {
    when:
    def reply = dns.query('example.com', MX)

    then:
    reply.rcode == 'NOERROR'
    reply.aa && !reply.tc && !reply.ra
    reply.answer == ['example.com. 3600 IN MX 10 mail.example.com.']
    reply.data == ['10 mail.example.com.']
    reply.ttls == [3600L]
    reply.toString() == reply.message.toString()
  }

  def "a bad name or type is a clear mistake"() {
    when:
    dns.resolve('www.example.com', 'NOTATYPE')

    then:
    def e = thrown(IllegalArgumentException)
    e.message == 'not a record type: NOTATYPE'
  }

  def "the fake upstream answers its records over #transport, NODATA for another type, NXDOMAIN for another name, and counts"() {
    when:
    def a = ask(upstream, 'www.example.org', A, tcp)
    def mx = ask(upstream, 'www.example.org', MX, tcp)
    def none = ask(upstream, 'none.example.org', A, tcp)

    then:
    a.getSection(1)*.rdataToString() == ['198.51.100.7']
    a.getSection(1)*.TTL == [300L]
    a.header.getFlag(Flags.RA)
    mx.rcode == 0 && mx.getSection(1).empty
    none.rcode == 3
    upstream.count == 3
    upstream.count('www.example.org', A) == 1
    upstream.count('www.example.org', 'MX') == 1

    where:
    transport | tcp
    'UDP'     | false
    'TCP'     | true
  }

  def "a fake upstream record that does not parse is a clear mistake"() {
    when:
    FakeUpstream.start().withCloseable { it.answer('www.example.org. 300 IN A not-an-address') }

    then:
    def e = thrown(IllegalArgumentException)
    e.message.startsWith('not a record: www.example.org. 300 IN A not-an-address')
  }

  def "an IPv6 answer is written short, as dig writes it"() {
    when:
    def reply = dns.query('www.example.com', AAAA)

    then:
    reply.data == ['2001:db8::80']
    reply.answer == ['www.example.com. 3600 IN AAAA 2001:db8::80']
  }

  static Message ask(FakeUpstream u, String name, int type, boolean tcp) {
    def r = new SimpleResolver(InetAddress.loopbackAddress)
    r.port = u.port
    r.TCP = tcp
    def q = Message.newQuery(Record.newRecord(Name.fromString(name + '.'), type, 1))
    q.header.setFlag(Flags.RD)
    r.send(q)
  }
}
