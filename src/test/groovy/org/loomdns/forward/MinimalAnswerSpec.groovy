package org.loomdns.forward

import org.xbill.DNS.ARecord
import org.xbill.DNS.CNAMERecord
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
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

/** What the forwarder keeps of an upstream's reply: the answer, and only the extras a client needs. */
class MinimalAnswerSpec extends Specification {

  static final Name ZONE = Name.fromConstantString('example.test.')
  static final Name WWW = Name.fromConstantString('www.example.test.')
  static final Name NS1 = Name.fromConstantString('ns1.example.test.')

  static Record a(Name n) { new ARecord(n, DClass.IN, 300, InetAddress.getByName('192.0.2.1')) }
  static Record ns() { new NSRecord(ZONE, DClass.IN, 300, NS1) }
  static Record soa() { new SOARecord(ZONE, DClass.IN, 300, NS1, Name.fromConstantString('h.example.test.'), 1, 2, 3, 4, 60) }

  /** An upstream reply to {@code qtype} at www with these sections. */
  static Message reply(int qtype, int rcode, List<Record> answer, List<Record> authority, boolean dnssecOk) {
    def m = new Message(7)
    m.header.setFlag(Flags.QR)
    m.header.rcode = rcode
    m.addRecord(Record.newRecord(WWW, qtype, DClass.IN), Section.QUESTION)
    answer.each { m.addRecord(it, Section.ANSWER) }
    authority.each { m.addRecord(it, Section.AUTHORITY) }
    m.addRecord(a(NS1), Section.ADDITIONAL)
    m.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL)
    m
  }

  def "#what keeps authority #authority and additional #additional"() {
    when:
    def kept = ForwardResolver.answer(reply(qtype, rcode, answer, upstreamAuthority, dnssecOk))

    then:
    kept.answer() == answer
    kept.authority()*.type.collect { Type.string(it) } == authority
    kept.additional()*.type.collect { Type.string(it) } == additional
    !kept.authoritative()

    where:
    what                                        | qtype    | rcode          | answer                                           | upstreamAuthority | dnssecOk || authority | additional
    'a positive answer'                         | Type.A   | Rcode.NOERROR  | [a(WWW)]                                         | [ns()]            | false    || []        | []
    'an ANY answer'                             | Type.ANY | Rcode.NOERROR  | [a(WWW)]                                         | [ns()]            | false    || []        | []
    'a CNAME chain that ends in the type asked' | Type.A   | Rcode.NOERROR  | [new CNAMERecord(WWW, DClass.IN, 300, NS1), a(NS1)] | [ns()]         | false    || []        | []
    'a CNAME to a name without the type'        | Type.MX  | Rcode.NOERROR  | [new CNAMERecord(WWW, DClass.IN, 300, NS1)]      | [soa()]           | false    || ['SOA']   | []
    'NODATA'                                    | Type.MX  | Rcode.NOERROR  | []                                               | [soa()]           | false    || ['SOA']   | []
    'NXDOMAIN'                                  | Type.A   | Rcode.NXDOMAIN | []                                               | [soa()]           | false    || ['SOA']   | []
    'a positive answer asked with DO'           | Type.A   | Rcode.NOERROR  | [a(WWW)]                                         | [ns()]            | true     || ['NS']    | ['A']
  }
}
