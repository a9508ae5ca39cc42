package org.loomdns.zone.dsl

import org.codehaus.groovy.control.CompilerConfiguration
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/** The record constructors as a zone file or any Groovy script calls them. */
class RecordConstructorsSpec extends Specification {

  static final String KEY = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=='
  static final String HASH = 'd2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971'

  @Shared GroovyShell shell = new GroovyShell(new CompilerConfiguration(scriptBaseClass: RecordScript.name))

  Record eval(String call) {
    shell.evaluate(call) as Record
  }

  def "#call makes #type #rdata"() {
    when:
    def r = eval(call)

    then:
    Type.string(r.type) == type
    r.rdataToString().trim() == rdata
    r.name.isAbsolute()

    where:
    call                                                                              || type         | rdata
    "A('www.example.com', '192.0.2.1')"                                               || 'A'          | '192.0.2.1'
    "A6('a6.example.com', 0, '2001:db8::1')"                                          || 'A6'         | '0 2001:db8:0:0:0:0:0:1'
    "A6('a6.example.com', 64, '::1:2:3:4', 'prefix.example.com')"                     || 'A6'         | '64 0:0:0:0:1:2:3:4 prefix.example.com.'
    "AAAA('www.example.com', '2001:db8::1')"                                          || 'AAAA'       | '2001:db8:0:0:0:0:0:1'
    "AFSDB('example.com', 1, 'afs.example.com')"                                      || 'AFSDB'      | '1 afs.example.com.'
    "CNAME('ftp.example.com', 'www.example.com')"                                     || 'CNAME'      | 'www.example.com.'
    "DNAME('old.example.com', 'new.example.com.')"                                    || 'DNAME'      | 'new.example.com.'
    "HINFO('h.example.com', 'PDP-11', 'UNIX')"                                        || 'HINFO'      | '"PDP-11" "UNIX"'
    "HINFO('h.example.com', cpu: 'Intel \"x86\"', os: 'Linux')"                       || 'HINFO'      | '"Intel \\"x86\\"" "Linux"'
    "MB('m.example.com', 'mb.example.com')"                                           || 'MB'         | 'mb.example.com.'
    "MD('m.example.com', 'md.example.com')"                                           || 'MD'         | 'md.example.com.'
    "MF('m.example.com', 'mf.example.com')"                                           || 'MF'         | 'mf.example.com.'
    "MG('m.example.com', 'mg.example.com')"                                           || 'MG'         | 'mg.example.com.'
    "MINFO('m.example.com', 'req.example.com', 'err.example.com')"                    || 'MINFO'      | 'req.example.com. err.example.com.'
    "MR('m.example.com', 'mr.example.com')"                                           || 'MR'         | 'mr.example.com.'
    "MX('example.com', 10, 'mail.example.com')"                                       || 'MX'         | '10 mail.example.com.'
    "MX('example.com', preference: 10, exchange: 'mail.example.com')"                 || 'MX'         | '10 mail.example.com.'
    "NAPTR('example.com', 100, 10, 'u', 'E2U+sip', '!^.*\$!sip:i@example.com!', '.')" || 'NAPTR'      | '100 10 "u" "E2U+sip" "!^.*$!sip:i@example.com!" .'
    "NS('example.com', 'ns1.example.com')"                                            || 'NS'         | 'ns1.example.com.'
    "NULL('n.example.com', 'abc')"                                                    || 'NULL'       | '\\# 3 616263'
    "PTR('1.2.0.192.in-addr.arpa', 'www.example.com')"                                || 'PTR'        | 'www.example.com.'
    "RP('example.com', 'hostmaster.example.com', 'info.example.com')"                 || 'RP'         | 'hostmaster.example.com. info.example.com.'
    "SOA('example.com', 'ns1.example.com', 'root.example.com', 7, '1H', 60, '1W', 0)" || 'SOA'        | 'ns1.example.com. root.example.com. 7 3600 60 604800 0'
    "SPF('example.com', 'v=spf1 -all')"                                               || 'SPF'        | '"v=spf1 -all"'
    "SRV('_sip._tcp.example.com', 0, 5, 5060, 'sip.example.com')"                     || 'SRV'        | '0 5 5060 sip.example.com.'
    "SSHFP('h.example.com', 1, 1, '123456789abcdef67890123456789abcdef67890')"        || 'SSHFP'      | '1 1 123456789ABCDEF67890123456789ABCDEF67890'
    "TXT('example.com', 'hello world')"                                               || 'TXT'        | '"hello world"'
    "TXT('example.com', 'one', 'two words')"                                          || 'TXT'        | 'one "two words"'
    "TXT('example.com', 'caf\\u00e9 \"q\" \\\\')"                                     || 'TXT'        | '"caf\\195\\169 \\"q\\" \\\\"'
    "WKS('h.example.com', '192.0.2.1', 'tcp', 'smtp')"                                || 'WKS'        | '192.0.2.1 6 25'
    "WKS('h.example.com', '192.0.2.1', 6, [25, 80])"                                  || 'WKS'        | '192.0.2.1 6 25 80'
    "CAA('example.com', 0, 'issue', 'letsencrypt.org')"                               || 'CAA'        | '0 issue "letsencrypt.org"'
    "TLSA('_443._tcp.example.com', 3, 1, 1, '$HASH')"                                 || 'TLSA'       | '3 1 1 ' + HASH.toUpperCase()
    "SMIMEA('x._smimecert.example.com', 3, 1, 1, '$HASH')"                            || 'SMIMEA'     | '3 1 1 ' + HASH.toUpperCase()
    "SVCB('_dns.example.com', 1, 'dns.example.com', 'alpn=dot port=853')"             || 'SVCB'       | '1 dns.example.com. alpn=dot port=853'
    "HTTPS('example.com', 1, '.', [alpn: ['h2', 'h3']])"                              || 'HTTPS'      | '1 . alpn=h2,h3'
    "HTTPS('example.com', 0, 'www.example.com')"                                      || 'HTTPS'      | '0 www.example.com.'
    "DS('example.com', 12345, 13, 2, '$HASH')"                                        || 'DS'         | '12345 13 2 ' + HASH.toUpperCase()
    "CDS('example.com', 12345, 13, 2, '$HASH')"                                       || 'CDS'        | '12345 13 2 ' + HASH.toUpperCase()
    "DNSKEY('example.com', 257, 3, 13, '$KEY')"                                       || 'DNSKEY'     | '257 3 13 ' + KEY
    "CDNSKEY('example.com', 257, 3, 'ECDSAP256SHA256', '$KEY')"                       || 'CDNSKEY'    | '257 3 13 ' + KEY
    "LOC('example.com', '52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m')"      || 'LOC'        | '52 22 23 N 04 53 32 E -2m 0m 10000m 10m'
    "URI('_ftp._tcp.example.com', 10, 1, 'ftp://ftp.example.com/public')"             || 'URI'        | '10 1 "ftp://ftp.example.com/public"'
    "OPENPGPKEY('x._openpgpkey.example.com', 'mQENBFVHm5sBCADNYFI=')"                 || 'OPENPGPKEY' | 'mQENBFVHm5sBCADNYFI='
    "RR('x.example.com', 'TYPE65280', '\\\\# 4 0a000001')"                            || 'TYPE65280'  | '\\# 4 0A000001'
    "RR('x.example.com', 65280, '\\\\# 0')"                                           || 'TYPE65280'  | '\\# 0'
    "RR('x.example.com', 'A', '192.0.2.9')"                                           || 'A'          | '192.0.2.9'
  }

  def "every constructor is a method of the script base class"() {
    expect:
    RecordConstructors.names().every { n -> RecordScript.methods.any { it.name == n } }
    RecordConstructors.names().containsAll(['A', 'A6', 'AAAA', 'AFSDB', 'CNAME', 'DNAME', 'HINFO', 'MB', 'MD', 'MF',
        'MG', 'MINFO', 'MR', 'MX', 'NAPTR', 'NS', 'NULL', 'PTR', 'RP', 'SOA', 'SPF', 'SRV', 'SSHFP', 'TXT', 'WKS'])
  }

  def "a text longer than 255 bytes becomes several character-strings that join back to it"() {
    when:
    def r = eval("TXT('example.com', 'x' * 300)") as org.xbill.DNS.TXTRecord

    then:
    r.strings*.length() == [255, 45]
    r.strings.join('') == 'x' * 300
  }

  def "a time of #time is #seconds seconds"() {
    expect:
    RecordConstructors.seconds(time, 'ttl') == seconds
    eval("A('www.example.com', '192.0.2.1', ttl: ${time instanceof String ? "'$time'" : time})").TTL == seconds

    where:
    time      || seconds
    300       || 300
    '300'     || 300
    '30S'     || 30
    '5M'      || 300
    '1H'      || 3600
    '1h'      || 3600
    '1.5h'    || 5400
    '1D'      || 86400
    '1W'      || 604800
    '1Y'      || 31536000
    '1h30m'   || 5400
    '1w2d3h'  || 788400
  }

  def "named and positional fields give the same record, and a trailing positional argument is the TTL"() {
    expect:
    eval("SRV('_x._tcp.example.com', 1, 2, 3, 'h.example.com', 60)") ==
        eval("SRV('_x._tcp.example.com', priority: 1, weight: 2, port: 3, target: 'h.example.com', ttl: 60)")
    eval("SRV('_x._tcp.example.com', 1, 2, 3, 'h.example.com', 60)").TTL == 60
    eval("MX('example.com', 10, name: 'mail.example.com')").rdataToString() == '10 mail.example.com.'
  }

  def "a record without a ttl gets the constructors' default"() {
    expect:
    new RecordConstructors(42).make('A', [:], ['a.example.com', '192.0.2.1']).TTL == 42
    new RecordConstructors(42).call('A', [[ttl: '1M'], 'a.example.com', '192.0.2.1'] as Object[]).TTL == 60
  }

  def "#type #address made the quick way is exactly the record the zone-file parser makes"() {
    given: 'dnsjava\'s equals leaves out the TTL, so the records are compared as text, TTL included'
    def owner = org.xbill.DNS.Name.fromString('w1.example.com.')
    def parsed = Record.fromString(owner, Type.value(type), org.xbill.DNS.DClass.IN, 60, address, org.xbill.DNS.Name.root)

    expect:
    new RecordConstructors(60).make(type, [:], ['w1.example.com.', address]).toString() == parsed.toString()
    new RecordConstructors(60).make(type, [:], ['w1.example.com', "${address}"]).toString() == parsed.toString()

    where:
    type   | address
    'A'    | '172.0.2.1'
    'A'    | '0.0.0.0'
    'A'    | '255.255.255.255'
    'AAAA' | '2001:db8::1'
    'AAAA' | '::'
    'AAAA' | '::ffff:192.0.2.1'
    'AAAA' | '::192.0.2.1'
    'AAAA' | 'fe80:0:0:0:0:0:0:1'
  }

  def "#call is refused: #says"() {
    when:
    eval(call)

    then:
    def e = thrown(BadRecordException)
    e.message.contains(says)

    where:
    call                                                          || says
    "A('www.example.com', '999.0.0.1')"                           || 'Invalid address: 999.0.0.1'
    "AAAA('www.example.com', '192.0.2.1')"                        || '192.0.2.1'
    "A('www.example.com')"                                        || 'A needs address'
    "A()"                                                         || 'needs the owner name first'
    "A('www.example.com', '192.0.2.1', 300, 400)"                 || 'too many arguments'
    "MX('example.com', prio: 10, name: 'mail.example.com')"       || "MX has no field 'prio'"
    "MX('example.com', 10, 'm.example.com', preference: 5)"       || 'preference is given twice'
    "A('www.example.com', '192.0.2.1', 60, ttl: 60)"              || 'the ttl is given twice'
    "A('www.example.com', '192.0.2.1', ttl: '1fortnight')"        || "'1fortnight' is not a time"
    "A('www.example.com', '192.0.2.1', ttl: -5)"                  || 'out of range'
    "A('bad name.example.com', '192.0.2.1')"                      || 'is not a domain name'
    "SOA('example.com', mname: 'ns1.example.com')"                || 'SOA needs rname'
    "TXT('example.com')"                                          || 'TXT needs data'
    "HINFO('h.example.com', 'x' * 256, 'y')"                      || 'HINFO'
    "MX('example.com', 1.5, 'mail.example.com')"                  || 'not a whole number'
    "A('www.example.com', ['192.0.2.1'])"                         || 'expected a string'
    "RR('x.example.com', 'NOPE', '1')"                            || 'is not a record type'
    "SVCB('x.example.com', 1, '.', 'alpn=h2; rm -rf')"            || "may not hold ';'"
  }
}
