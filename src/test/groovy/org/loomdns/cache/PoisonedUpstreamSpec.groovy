package org.loomdns.cache

import java.time.Duration
import org.loomdns.forward.ForwardResolver
import org.loomdns.forward.ForwardSettings
import org.loomdns.support.FakeUpstream
import org.loomdns.support.ForwardZones
import org.loomdns.support.TestServer
import org.xbill.DNS.ARecord
import org.xbill.DNS.CNAMERecord
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Message
import org.xbill.DNS.NSRecord
import org.xbill.DNS.Name
import org.xbill.DNS.OPTRecord
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * An upstream that slips records for other names into its replies: a loomdns with a cache and a
 * forwarder in front of it passes none of them on, and keeps none of them.
 */
class PoisonedUpstreamSpec extends Specification {

  static final Name ZONE = Name.fromConstantString('example.test.')
  static final Name BANK = Name.fromConstantString('bank.test.')
  static final Name EVIL_NS = Name.fromConstantString('ns.evil.test.')
  static final String EVIL = '6.6.6.6'

  FakeUpstream upstream
  ForwardResolver forwarder
  TestServer front

  def setup() {
    upstream = new FakeUpstream({ Message q, InetSocketAddress from, FakeUpstream u -> u.send(poisoned(q), from) })
    forwarder = ForwardResolver.to([upstream.address],
        ForwardSettings.defaults().withTimeout(Duration.ofMillis(1000)).withBudget(Duration.ofMillis(2500)))
    front = TestServer.withZones([ForwardZones.OWN], [cache: new CacheResolver(CacheSettings.defaults()), forwarder: forwarder])
  }

  def cleanup() {
    front?.close()
    forwarder?.close()
    upstream?.close()
  }

  static Record a(Name owner, String address) { new ARecord(owner, DClass.IN, 300, InetAddress.getByName(address)) }

  /**
   * The genuine answer (an A for www, NXDOMAIN with the zone's SOA for anything else in the zone)
   * and, around it, junk: an A and a CNAME for other names in the answer, an NS for another zone in
   * the authority, its address and an unrelated one in the additional.
   */
  static Message poisoned(Message q) {
    def m = FakeUpstream.reply(q)
    Name qname = q.question.name
    if (qname == Name.fromConstantString('www.example.test.')) {
      m.addRecord(a(qname, '192.0.2.1'), Section.ANSWER)
    } else if (qname.subdomain(ZONE)) {
      m.header.rcode = Rcode.NXDOMAIN
      m.addRecord(new SOARecord(ZONE, DClass.IN, 300, Name.fromConstantString('ns1.example.test.'),
          Name.fromConstantString('h.example.test.'), 1, 2, 3, 4, 60), Section.AUTHORITY)
    }
    m.addRecord(a(BANK, EVIL), Section.ANSWER)
    m.addRecord(new CNAMERecord(Name.fromConstantString('login.bank.test.'), DClass.IN, 300, EVIL_NS), Section.ANSWER)
    m.addRecord(new NSRecord(BANK, DClass.IN, 300, EVIL_NS), Section.AUTHORITY)
    m.addRecord(a(EVIL_NS, EVIL), Section.ADDITIONAL)
    m.addRecord(a(Name.fromConstantString('mail.bank.test.'), EVIL), Section.ADDITIONAL)
    def opt = q.getOPT()
    if (opt != null) m.addRecord(new OPTRecord(1232, 0, 0, opt.flags & ExtendedFlags.DO), Section.ADDITIONAL)
    m
  }

  Message ask(String name, boolean dnssecOk) {
    def q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN))
    q.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL)
    front.resolver().send(q)
  }

  static List<Record> records(Message m) {
    [Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL].collectMany { m.getSection(it) }.findAll { it.type != Type.OPT }
  }

  static boolean clean(Message m) {
    records(m).every { !it.name.subdomain(Name.fromConstantString('test.')) || it.name.subdomain(ZONE) }
        && !records(m)*.rdataToString().any { it.contains(EVIL) || it.contains('evil') }
  }

  def "the junk around #what reaches neither the client nor the cache (DO #dnssecOk)"() {
    when: 'asked twice: from the upstream, then from the cache'
    def first = ask(name, dnssecOk)
    def second = ask(name, dnssecOk)

    then:
    [first, second].every { it.rcode == rcode && clean(it) }
    [first, second].every { m -> m.getSection(Section.ANSWER)*.rdataToString() == answer }
    upstream.count == 1

    when: 'a junk name is asked: it was never cached, so it goes upstream'
    ask('bank.test.', dnssecOk)

    then:
    upstream.count == 2

    where:
    what                 | name                    | dnssecOk | rcode          | answer
    'a positive answer'  | 'www.example.test.'     | false    | Rcode.NOERROR  | ['192.0.2.1']
    'a positive answer'  | 'www.example.test.'     | true     | Rcode.NOERROR  | ['192.0.2.1']
    'an NXDOMAIN'        | 'nothing.example.test.' | false    | Rcode.NXDOMAIN | []
    'an NXDOMAIN'        | 'nothing.example.test.' | true     | Rcode.NXDOMAIN | []
  }
}
