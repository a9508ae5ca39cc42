package org.loomdns.forward

import java.time.Instant
import org.xbill.DNS.AAAARecord
import org.xbill.DNS.ARecord
import org.xbill.DNS.CNAMERecord
import org.xbill.DNS.DClass
import org.xbill.DNS.DNAMERecord
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
import org.xbill.DNS.MXRecord
import org.xbill.DNS.Message
import org.xbill.DNS.NSECRecord
import org.xbill.DNS.NSRecord
import org.xbill.DNS.Name
import org.xbill.DNS.OPTRecord
import org.xbill.DNS.RRSIGRecord
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SOARecord
import org.xbill.DNS.Section
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.Specification

/** What the forwarder keeps of an upstream's reply: the records on the question's chain, nothing else. */
class ScrubSpec extends Specification {

  static final Instant SIGNED = Instant.parse('2026-01-01T00:00:00Z')

  static Name n(String s) { Name.fromConstantString(s) }

  static Record a(String owner, String address = '192.0.2.1') { new ARecord(n(owner), DClass.IN, 300, InetAddress.getByName(address)) }
  static Record aaaa(String owner) { new AAAARecord(n(owner), DClass.IN, 300, InetAddress.getByName('2001:db8::1')) }
  static Record cname(String owner, String target) { new CNAMERecord(n(owner), DClass.IN, 300, n(target)) }
  static Record dname(String owner, String target) { new DNAMERecord(n(owner), DClass.IN, 300, n(target)) }
  static Record ns(String zone, String target) { new NSRecord(n(zone), DClass.IN, 300, n(target)) }
  static Record mx(String owner, String target) { new MXRecord(n(owner), DClass.IN, 300, 10, n(target)) }
  static Record txt(String owner) { new TXTRecord(n(owner), DClass.IN, 300, 'junk') }
  static Record soa(String zone) {
    new SOARecord(n(zone), DClass.IN, 300, n("ns1.${zone}"), n("h.${zone}"), 1, 2, 3, 4, 60)
  }
  static Record sig(Record covered, String signer) {
    new RRSIGRecord(covered.name, DClass.IN, 300, covered.type, 13, 300, SIGNED.plusSeconds(3600), SIGNED, 1,
        n(signer), new byte[64])
  }
  static Record nsec(String owner, String next) { new NSECRecord(n(owner), DClass.IN, 300, n(next), [Type.A] as int[]) }

  /** The upstream's reply to {@code qname qtype} with these sections, as parsed from the wire. */
  static Message reply(String qname, int qtype, int rcode, List<Record> answer, List<Record> authority,
      List<Record> additional, boolean dnssecOk) {
    def m = new Message(7)
    m.header.setFlag(Flags.QR)
    m.header.rcode = rcode
    m.addRecord(Record.newRecord(n(qname), qtype, DClass.IN), Section.QUESTION)
    answer.each { m.addRecord(it, Section.ANSWER) }
    authority.each { m.addRecord(it, Section.AUTHORITY) }
    additional.each { m.addRecord(it, Section.ADDITIONAL) }
    m.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL)
    new Message(m.toWire())
  }

  static List<String> texts(List<Record> records) { records.collect { "${it.name} ${Type.string(it.type)} ${it.rdataToString()}".toString() } }

  def "in the answer section, #what"() {
    when:
    def kept = ForwardResolver.answer(reply(qname, qtype, Rcode.NOERROR, answer, [], [], false))

    then:
    texts(kept.answer()) == texts(expected)

    where:
    what                                                  | qname             | qtype      | answer                                                                                                  || expected
    'records of other names are dropped'                  | 'www.example.'    | Type.A     | [a('www.example.'), a('bank.test.', '6.6.6.6'), txt('www.example.')]                                     || [a('www.example.')]
    'a CNAME chain is followed to the data at its end'    | 'www.example.'    | Type.A     | [cname('www.example.', 'cdn.example.net.'), a('cdn.example.net.'), a('other.example.net.', '6.6.6.6')] || [cname('www.example.', 'cdn.example.net.'), a('cdn.example.net.')]
    'a chain given out of order is still followed'        | 'www.example.'    | Type.A     | [a('b.example.'), cname('a.example.', 'b.example.'), cname('www.example.', 'a.example.')]             || [a('b.example.'), cname('a.example.', 'b.example.'), cname('www.example.', 'a.example.')]
    'a CNAME not reached from the question is dropped'    | 'www.example.'    | Type.A     | [a('www.example.'), cname('bank.test.', 'evil.test.'), a('evil.test.', '6.6.6.6')]                     || [a('www.example.')]
    'data of the asked type at a mid-chain name is dropped' | 'www.example.'  | Type.A     | [cname('www.example.', 'x.example.'), a('www.example.', '6.6.6.6'), a('x.example.')]                   || [cname('www.example.', 'x.example.'), a('x.example.')]
    'a second CNAME for the same name is dropped'         | 'www.example.'    | Type.A     | [cname('www.example.', 'x.example.'), cname('www.example.', 'y.example.'), a('x.example.'), a('y.example.', '6.6.6.6')] || [cname('www.example.', 'x.example.'), a('x.example.')]
    'a DNAME above the name and its CNAME are kept'       | 'www.old.example.' | Type.A    | [dname('old.example.', 'new.example.'), cname('www.old.example.', 'www.new.example.'), a('www.new.example.')] || [dname('old.example.', 'new.example.'), cname('www.old.example.', 'www.new.example.'), a('www.new.example.')]
    'a DNAME without its CNAME gets one made'             | 'www.old.example.' | Type.A    | [dname('old.example.', 'new.example.'), a('www.new.example.')]                                         || [dname('old.example.', 'new.example.'), cname('www.old.example.', 'www.new.example.'), a('www.new.example.')]
    'a CNAME that a DNAME contradicts is replaced'        | 'www.old.example.' | Type.A    | [dname('old.example.', 'new.example.'), cname('www.old.example.', 'evil.test.'), a('evil.test.', '6.6.6.6')] || [dname('old.example.', 'new.example.'), cname('www.old.example.', 'www.new.example.')]
    'a DNAME of an unrelated zone is dropped'             | 'www.example.'    | Type.A     | [dname('test.', 'evil.test.'), a('www.example.')]                                                      || [a('www.example.')]
    'a question for CNAME gets the CNAME, not its target' | 'www.example.'    | Type.CNAME | [cname('www.example.', 'x.example.'), a('x.example.')]                                                 || [cname('www.example.', 'x.example.')]
    'a CNAME loop ends'                                   | 'a.example.'      | Type.A     | [cname('a.example.', 'b.example.'), cname('b.example.', 'a.example.')]                                 || [cname('a.example.', 'b.example.'), cname('b.example.', 'a.example.')]
    'ANY keeps every type at the name and nothing else'   | 'www.example.'    | Type.ANY   | [a('www.example.'), txt('www.example.'), a('x.example.', '6.6.6.6')]                                  || [a('www.example.'), txt('www.example.')]
  }

  def "a chain longer than #max links is cut there"() {
    given:
    def links = (0..<20).collect { cname("n${it}.example.", "n${it + 1}.example.") }

    when:
    def kept = ForwardResolver.answer(reply('n0.example.', Type.A, Rcode.NOERROR, links + [a('n20.example.')], [], [], false))

    then:
    kept.answer().size() == max

    where:
    max = Scrub.MAX_CHAIN
  }

  def "a negative answer keeps #kept of authority #authority"() {
    when:
    def got = ForwardResolver.answer(reply('www.example.', Type.A, rcode, [], authority, [], false))

    then:
    texts(got.authority()) == texts(kept)

    where:
    rcode          | authority                                                            || kept
    Rcode.NXDOMAIN | [soa('example.')]                                                    || [soa('example.')]
    Rcode.NXDOMAIN | [soa('test.'), soa('example.')]                                      || [soa('example.')]
    Rcode.NXDOMAIN | [soa('example.'), ns('example.', 'ns1.example.')]                   || [soa('example.')]
    Rcode.NOERROR  | [soa('example.'), ns('bank.test.', 'ns.evil.test.')]                 || [soa('example.')]
    Rcode.NOERROR  | [soa('other.example.')]                                              || []
  }

  def "with DO, #what"() {
    when:
    def got = ForwardResolver.answer(reply('www.example.', qtype, Rcode.NOERROR, answer, authority, additional, true))

    then:
    texts(got.answer()) == texts(keptAnswer)
    texts(got.authority()) == texts(keptAuthority)
    texts(got.additional()) == texts(keptAdditional)

    where:
    what | qtype | answer | authority | additional || keptAnswer | keptAuthority | keptAdditional
    'the zone\'s NS and its glue are kept, another zone\'s NS and an unrelated address are not' |
        Type.A | [a('www.example.')] | [ns('example.', 'ns1.example.'), ns('bank.test.', 'ns.evil.test.')] |
        [a('ns1.example.'), a('ns.evil.test.', '6.6.6.6'), a('bank.test.', '6.6.6.6'), aaaa('ns1.example.')] ||
        [a('www.example.')] | [ns('example.', 'ns1.example.')] | [a('ns1.example.'), aaaa('ns1.example.')]
    'an MX target\'s address is kept, and signatures of kept RRsets only' |
        Type.MX | [mx('www.example.', 'mail.example.'), sig(mx('www.example.', 'mail.example.'), 'example.'), sig(a('bank.test.'), 'test.')] | [] |
        [a('mail.example.'), a('mail2.example.', '6.6.6.6')] ||
        [mx('www.example.', 'mail.example.'), sig(mx('www.example.', 'mail.example.'), 'example.')] | [] | [a('mail.example.')]
    'a wildcard answer keeps its zone\'s NSEC proof, not another zone\'s' |
        Type.A | [a('www.example.'), sig(a('www.example.'), 'example.')] | [nsec('v.example.', 'x.example.'), nsec('a.test.', 'z.test.')] | [] ||
        [a('www.example.'), sig(a('www.example.'), 'example.')] | [nsec('v.example.', 'x.example.')] | []
  }
}
