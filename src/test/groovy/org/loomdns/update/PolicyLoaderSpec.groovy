package org.loomdns.update

import org.loomdns.tsig.TsigKeys
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import spock.lang.Specification

/** Policy files: what each form of rule matches, and each mistake reported with file and line. */
class PolicyLoaderSpec extends Specification {

  static final TsigKeys KEYS = TsigKeys.parse(["acme:${UpdateServer.SECRET}", "dhcp:${UpdateServer.OTHER_SECRET}"]*.toString())
  static final InetAddress LOCAL = InetAddress.getByName('127.0.0.1')
  static final Name ACME = Name.fromString('acme.')

  static UpdatePolicy load(String text) {
    PolicyLoader.load(text, 'p.groovy', KEYS)
  }

  def "a #form rule #verdict #owner #type"() {
    given:
    def policy = load(rule)

    expect:
    policy.allows(LOCAL, ACME, Name.fromString(owner), Type.value(type)) == allowed

    where:
    form        | rule                                                                      | owner                            | type   | allowed
    'name'      | "grant key: 'acme', name: 'a.example.com', types: 'TXT'"                  | 'a.example.com.'                 | 'TXT'  | true
    'name'      | "grant key: 'acme', name: 'a.example.com', types: 'TXT'"                  | 'b.a.example.com.'               | 'TXT'  | false
    'subdomain' | "grant key: 'acme', subdomain: 'a.example.com', types: 'TXT'"             | 'a.example.com.'                 | 'TXT'  | true
    'subdomain' | "grant key: 'acme', subdomain: 'a.example.com', types: 'TXT'"             | 'b.a.example.com.'               | 'TXT'  | true
    'subdomain' | "grant key: 'acme', subdomain: 'a.example.com', types: 'TXT'"             | 'b.a.example.com.'               | 'A'    | false
    'wildcard'  | "grant key: 'acme', wildcard: '*.a.example.com', types: 'TXT'"            | 'a.example.com.'                 | 'TXT'  | false
    'wildcard'  | "grant key: 'acme', wildcard: '*.a.example.com', types: 'TXT'"            | 'x.y.a.example.com.'             | 'TXT'  | true
    'regex'     | "grant key: 'acme', regex: /_acme-challenge\\..*/, types: 'TXT'"          | '_ACME-Challenge.www.example.com.' | 'TXT' | true
    'regex'     | "grant key: 'acme', regex: /_acme-challenge\\..*/, types: 'TXT'"          | 'www._acme-challenge.example.com.' | 'TXT' | false
    'typeless'  | "grant key: 'acme', subdomain: 'example.com'"                             | 'a.example.com.'                 | 'A'    | true
    'typeless'  | "grant key: 'acme', subdomain: 'example.com'"                             | 'example.com.'                   | 'NS'   | false
    'ANY'       | "grant key: 'acme', subdomain: 'example.com', types: 'ANY'"               | 'example.com.'                   | 'NS'   | true
    'deny'      | "deny key: 'acme', name: 'a.example.com'\ngrant key: 'acme', subdomain: 'example.com'" | 'a.example.com.' | 'A'  | false
    'other key' | "grant key: 'dhcp', subdomain: 'example.com'"                             | 'a.example.com.'                 | 'A'    | false
    'address'   | "grant address: '127.0.0.0/8', subdomain: 'example.com'"                  | 'a.example.com.'                 | 'A'    | true
    verdict = allowed ? 'lets acme change' : 'does not let acme change'
  }

  def "a mistake is reported with file and line: #problem"() {
    when:
    load(text)

    then:
    def e = thrown(PolicyLoadException)
    e.message == expected

    where:
    problem                 | text                                                                  | expected
    'an unknown key'        | "\n\ngrant key: 'nokey', name: 'a.example.com'"                       | "p.groovy:3: grant key: 'nokey' names TSIG key nokey, which no --tsig-key defines"
    'no name form'          | "grant key: 'acme', types: 'TXT'"                                     | 'p.groovy:1: grant takes exactly one of [name, regex, subdomain, wildcard]'
    'two name forms'        | "grant key: 'acme', name: 'a.', subdomain: 'b.'"                      | 'p.groovy:1: grant takes exactly one of [name, regex, subdomain, wildcard], not [name, subdomain]'
    'key and address'       | "deny key: 'acme', address: '10.0.0.0/8', name: 'a.'"                 | 'p.groovy:1: deny takes exactly one of [address, key], not [address, key]'
    'an unknown option'     | "grant key: 'acme', name: 'a.', ttl: 5"                               | 'p.groovy:1: grant has no option ttl (it takes key or address; name, subdomain, wildcard or regex; types)'
    'an unknown type'       | "grant key: 'acme', name: 'a.', types: ['TXT', 'TXTT']"               | 'p.groovy:1: types: TXTT is not a record type'
    'a bad wildcard'        | "grant key: 'acme', wildcard: 'a.example.com'"                        | 'p.groovy:1: wildcard a.example.com must start with *.'
    'a bad regex'           | "grant key: 'acme', regex: '(unclosed'"                               | 'p.groovy:1: regex (unclosed: missing closing )'
    'a syntax error'        | "grant key: 'acme',\n name: "                                         | "p.groovy:2: Unexpected input: ':'"
    'an unknown method'     | "allow key: 'acme', name: 'a.'"                                       | 'p.groovy:1: allow(...) is neither a record type nor a method of this file'
  }
}
