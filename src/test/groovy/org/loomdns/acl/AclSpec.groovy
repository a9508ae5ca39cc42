package org.loomdns.acl

import org.loomdns.tsig.TsigKeys
import org.xbill.DNS.Name
import spock.lang.Specification

class AclSpec extends Specification {

  static final TsigKeys KEYS = TsigKeys.parse(['xfr:c2VjcmV0c2VjcmV0c2VjcmV0', 'hmac-sha1:other:c2VjcmV0'])

  def "a request is allowed by its source address or by the key that signed it"() {
    given:
    Acl acl = Acl.parse(['192.0.2.0/24', '::1', 'key:xfr'], KEYS, '--allow-transfer')

    expect:
    acl.allows(InetAddress.getByName(source), signer == null ? null : Name.fromString(signer, Name.root)) == allowed

    where:
    source        | signer  | allowed
    '192.0.2.9'   | null    | true
    '::1'         | null    | true
    '198.51.100.1'| null    | false
    '198.51.100.1'| 'xfr'   | true
    '198.51.100.1'| 'XFR.'  | true
    '198.51.100.1'| 'other' | false
    '192.0.2.9'   | 'other' | true
  }

  def "an empty list allows nobody"() {
    expect:
    Acl.parse([], KEYS, '--allow-transfer').isEmpty()
    !Acl.NOBODY.allows(InetAddress.getByName('127.0.0.1'), null)
  }

  def "mistakes name the option and the entry"() {
    when:
    Acl.parse([entry], KEYS, '--allow-transfer')

    then:
    IllegalArgumentException e = thrown()
    e.message.contains(message)

    where:
    entry           | message
    'key:missing'   | '--allow-transfer key:missing names TSIG key missing, which no --tsig-key defines'
    'key:'          | 'key: needs a key name'
    'example.com'   | '--allow-transfer example.com: not an address range: example.com (it takes an address, a CIDR or key:NAME)'
    '192.0.2.0/33'  | '--allow-transfer 192.0.2.0/33: prefix /33 is out of range for 192.0.2.0'
  }

  def "either of two lists allows what each allows"() {
    given:
    Acl both = Acl.parse(['192.0.2.1'], KEYS, 'a').or(Acl.parse(['key:xfr'], KEYS, 'b'))

    expect:
    both.allows(InetAddress.getByName('192.0.2.1'), null)
    both.allows(InetAddress.getByName('10.0.0.1'), new Name('xfr.'))
    !both.allows(InetAddress.getByName('10.0.0.1'), null)
    both.toString() == '[192.0.2.1/32, key:xfr.]'
  }
}
