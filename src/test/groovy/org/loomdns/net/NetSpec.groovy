package org.loomdns.net

import spock.lang.Specification

class NetSpec extends Specification {

  def "#address is written #text"() {
    expect:
    Addresses.text(InetAddress.getByName(address)) == text

    where:
    address                                   || text
    '192.0.2.1'                               || '192.0.2.1'
    '0:0:0:0:0:0:0:1'                         || '::1'
    '0:0:0:0:0:0:0:0'                         || '::'
    '2001:db8:0:0:0:0:0:80'                   || '2001:db8::80'
    '2001:db8:0:1:0:0:0:1'                    || '2001:db8:0:1::1'
    '2001:db8:1:1:1:1:0:1'                    || '2001:db8:1:1:1:1:0:1'
    'fe80:0:0:1:0:0:0:1'                      || 'fe80:0:0:1::1'
  }

  def "#range #verb #address"() {
    expect:
    Cidr.parse(range).contains(InetAddress.getByName(address)) == inside

    where:
    range            | address            || inside
    '127.0.0.0/8'    | '127.1.2.3'        || true
    '127.0.0.0/8'    | '128.0.0.1'        || false
    '192.0.2.0/25'   | '192.0.2.127'      || true
    '192.0.2.0/25'   | '192.0.2.128'      || false
    '192.0.2.7'      | '192.0.2.7'        || true
    '192.0.2.7'      | '192.0.2.8'        || false
    '2001:db8::/32'  | '2001:db8:ff::1'   || true
    '2001:db8::/32'  | '2001:db9::1'      || false
    '10.0.0.0/8'     | '::ffff:10.1.1.1'  || true
    '0.0.0.0/0'      | '203.0.113.9'      || true
    '::/0'           | '192.0.2.1'        || false
    verb = inside ? 'contains' : 'does not contain'
  }

  def "#text is not an address range"() {
    when:
    Cidr.parse(text)

    then:
    thrown(IllegalArgumentException)

    where:
    text << ['', 'localhost', '10.0.0.0/33', '::1/129', '10.0.0.0/x', 'example.com/24']
  }
}
