package org.loomdns.cli

import spock.lang.Specification

class ServerSpecSpec extends Specification {

  def "@#text names #host, port #port, #kind"() {
    expect:
    ServerSpec.parse(text) == new ServerSpec(host, port, kind == 'an address')

    where:
    text                   || host              | port  | kind
    '127.0.0.1'            || '127.0.0.1'       | 0     | 'an address'
    '127.0.0.1#10053'      || '127.0.0.1'       | 10053 | 'an address'
    '::1'                  || '::1'             | 0     | 'an address'
    '::1#10053'            || '::1'             | 10053 | 'an address'
    '[::1]:10053'          || '::1'             | 10053 | 'an address'
    '[2001:db8::53]#53'    || '2001:db8::53'    | 53    | 'an address'
    '[fe80::1%lo]'         || 'fe80::1%lo'      | 0     | 'an address'
    'ns1.example.com'      || 'ns1.example.com' | 0     | 'a name'
    'localhost#5353'       || 'localhost'       | 5353  | 'a name'
    'dns-1.example.'       || 'dns-1.example.'  | 0     | 'a name'
  }

  def "#text is no server"() {
    when:
    ServerSpec.parse(text)

    then:
    thrown(IllegalArgumentException)

    where:
    text << ['127.0.0.1:53', '127.0.0.1#', '#53', '[::1', '::1]:53', 'ns1..example', 'a b', '127.0.0.1#0', '12345', '-x']
  }
}
