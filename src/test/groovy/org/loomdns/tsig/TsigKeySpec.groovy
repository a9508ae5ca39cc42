package org.loomdns.tsig

import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.TSIG
import org.xbill.DNS.Type
import spock.lang.Specification

class TsigKeySpec extends Specification {

  static final String SECRET = Base64.encoder.encodeToString('0123456789abcdef0123456789abcdef'.bytes)

  def "a key written as #spec has the name #name and the algorithm #algorithm"() {
    when:
    TsigKey key = TsigKey.parse(spec)

    then:
    key.name() == Name.fromString(name)
    key.algorithm() == algorithm
    key.toString() == TSIG.nameToAlgorithm(algorithm) + ':' + name

    where:
    spec                              | name       | algorithm
    "xfr:${SECRET}"                   | 'xfr.'     | TSIG.HMAC_SHA256
    "hmac-sha512:xfr.example:${SECRET}" | 'xfr.example.' | TSIG.HMAC_SHA512
    "HMAC-SHA1:k:${SECRET}"           | 'k.'       | TSIG.HMAC_SHA1
    "hmac-md5:k:${SECRET}"            | 'k.'       | TSIG.HMAC_MD5
  }

  def "a message signed with a parsed key verifies with the same key and not with another"() {
    given:
    TsigKey key = TsigKey.parse("xfr:${SECRET}")
    TsigKey other = TsigKey.parse("xfr:${Base64.encoder.encodeToString('another secret, same name'.bytes)}")
    Message m = Message.newQuery(Record.newRecord(Name.fromString('example.com.'), Type.SOA, 1))
    key.tsig().apply(m, null)
    byte[] wire = m.toWire()

    expect:
    key.tsig().verify(new Message(wire), wire, null) == Rcode.NOERROR
    other.tsig().verify(new Message(wire), wire, null) != Rcode.NOERROR
  }

  def "#spec is refused with a message that says #says"() {
    when:
    TsigKeys.parse([spec as String])

    then:
    IllegalArgumentException e = thrown()
    e.message.contains(says)
    !e.message.contains(SECRET)

    where:
    spec                          | says
    'justaname'                   | '[ALG:]NAME:SECRET'
    "a:b:c:${SECRET}"             | '[ALG:]NAME:SECRET'
    "hmac-sha999:k:${SECRET}"     | 'unknown algorithm hmac-sha999'
    'k:not base64!'               | 'not base64'
    'k:'                          | 'secret is empty'
    ":${SECRET}"                  | 'no name'
  }

  def "two keys of one name are refused, and a name no key defines is reported by who used it"() {
    when:
    TsigKeys.parse(["k:${SECRET}", "hmac-sha512:k:${SECRET}"]*.toString())

    then:
    IllegalArgumentException twice = thrown()
    twice.message == 'TSIG key k. is given twice'

    when:
    TsigKeys.parse(["k:${SECRET}".toString()]).require('other', '--allow-transfer key:other')

    then:
    IllegalArgumentException missing = thrown()
    missing.message == '--allow-transfer key:other names TSIG key other, which no --tsig-key defines'
  }
}
