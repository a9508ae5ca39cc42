package org.loomdns.dynamic

import org.xbill.DNS.DNSInput
import org.xbill.DNS.Name
import spock.lang.Specification

/** q.name reads exactly as dnsjava writes the name, whatever bytes its labels hold. */
class QuestionSpec extends Specification {

  def "a label holding byte #b reads in q.name as dnsjava writes it"() {
    given:
    Name name = new Name(new DNSInput([3, 'a'.bytes[0], b, 'Z'.bytes[0], 3, 'c'.bytes[0], 'o'.bytes[0], 'm'.bytes[0], 0] as byte[]))

    expect:
    Question.text(name) == name.toString(true)

    where:
    b << (0..255)
  }

  def "'#text' reads in q.name as dnsjava writes it, case kept, without the final dot"() {
    given:
    Name name = Name.fromString(text)

    expect:
    Question.text(name) == name.toString(true)

    where:
    text << ['.', 'com.', 'WorkStation7.Example.COM.', 'a.b.c.d.e.f.', '_sip._tcp.example.com.', 'x-y.example.',
             '*.example.com.', 'a\\.b.example.', 'a\\@b.example.', "${'a' * 63}.${'b' * 63}.${'c' * 63}.${'d' * 61}."]
  }
}
