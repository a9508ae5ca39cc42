package org.loomdns.net

import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Specification

class WireLengthSpec extends Specification {

  def "a #type record's length is worked out as its uncompressed encoding measures it"() {
    given:
    Record r = Record.fromString(Name.fromString(owner), Type.value(type), DClass.IN, 3600, rdata, Name.root)

    expect:
    WireLength.of(r) == r.toWire(Section.ANSWER).length

    where:
    owner                          | type    | rdata
    'www.Example.COM.'             | 'A'     | '192.0.2.1'
    'host-1.bench.test.'           | 'AAAA'  | '2001:db8::1'
    'x.'                           | 'AAAA'  | '::'
    'example.com.'                 | 'NS'    | 'ns1.Example.com.'
    '.'                            | 'NS'    | 'a.root-servers.net.'
    'alias.example.com.'           | 'CNAME' | 'www.example.com.'
    '1.2.0.192.in-addr.arpa.'      | 'PTR'   | 'www.example.com.'
    'old.example.com.'             | 'DNAME' | 'new.example.'
    'example.com.'                 | 'MX'    | '10 mail.example.com.'
    'example.com.'                 | 'MX'    | '0 .'
    'example.com.'                 | 'SOA'   | 'ns1.example.com. hostmaster.example.com. 2026120601 7200 3600 1209600 300'
    'example.com.'                 | 'TXT'   | '"v=spf1 -all"'
    'example.com.'                 | 'TXT'   | '"two" "strings; and spaces" ""'
    'example.com.'                 | 'TXT'   | '"' + 'x' * 255 + '" "' + 'y' * 200 + '"'
    '_sip._tcp.example.com.'       | 'SRV'   | '0 5 5060 sip.Example.com.'
    'example.com.'                 | 'CAA'   | '0 issue "ca.example.net"'
    'a.b.c.d.e.f.g.example.com.'   | 'HINFO' | '"PC" "Linux"'
  }
}
