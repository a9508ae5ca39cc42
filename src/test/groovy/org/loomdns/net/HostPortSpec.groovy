package org.loomdns.net

import spock.lang.Specification

class HostPortSpec extends Specification {

  def "#text splits into #host and port #port"() {
    expect:
    HostPort.split(text, 53) == new HostPort(host, port)

    where:
    text                  || host           | port
    '192.0.2.1'           || '192.0.2.1'    | 53
    '192.0.2.1:5300'      || '192.0.2.1'    | 5300
    '2001:db8::1'         || '2001:db8::1'  | 53
    '[2001:db8::1]'       || '2001:db8::1'  | 53
    '[::1]:5300'          || '::1'          | 5300
    'ns1.example'         || 'ns1.example'  | 53
  }

  def "#text is wrong in its #problem"() {
    when:
    HostPort.split(text, 53)

    then:
    HostPort.Malformed e = thrown()
    e.problem() == problem
    e.part() == part

    where:
    text               || problem                   | part
    '[::1'             || HostPort.Problem.BRACKETS | '[::1'
    '[::1]5300'        || HostPort.Problem.BRACKETS | '[::1]5300'
    '[::1]:'           || HostPort.Problem.PORT     | ''
    '192.0.2.1:0'      || HostPort.Problem.PORT     | '0'
    '192.0.2.1:65536'  || HostPort.Problem.PORT     | '65536'
    '192.0.2.1:x'      || HostPort.Problem.PORT     | 'x'
  }
}
