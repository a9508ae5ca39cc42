package org.loomdns.update

import org.loomdns.support.Dig
import org.xbill.DNS.Type
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * Who may update, seen from nsupdate: a key of --allow-update, an address, a policy's grants;
 * unsigned, other keys and forged signatures are turned away, and zones not ours are NOTAUTH.
 */
class AccessSpec extends Specification {

  static final String ACME_SECRET = 'YWNtZSBrZXkgc2VjcmV0IGZvciBETlMtMDEgY2hhbGxlbmdlcw=='
  static final String DHCP_SECRET = 'ZGhjcCBrZXkgc2VjcmV0IGZvciBkeW5hbWljIEROUyB1cGRhdGU='
  static final List<String> KEYS = ["hmac-sha256:update-key:${UpdateServer.SECRET}",
                                    "hmac-sha256:other-key:${UpdateServer.OTHER_SECRET}",
                                    "hmac-sha256:acme:${ACME_SECRET}",
                                    "hmac-sha256:dhcp:${DHCP_SECRET}"]*.toString()

  static final String POLICY = '''\
// The ACME client may only set and remove its DNS-01 challenge records.
grant key: 'acme', regex: /_acme-challenge\\.([a-z0-9-]+\\.)*example\\.com\\./, types: 'TXT'
// The DHCP server registers its clients under dhcp.example.com, but not the name itself.
deny  key: 'dhcp', name: 'dhcp.example.com'
grant key: 'dhcp', subdomain: 'dhcp.example.com', types: ['A', 'AAAA', 'TXT', 'DHCID']
'''

  def "#who is #outcome"() {
    given:
    def loom = new UpdateServer(allowUpdate: allowUpdate, zones: [UpdateServer.ZONE, UpdateServer.ZONE.replace('example.com.', 'example.net.')],
        secondaries: ['example.net.'])

    when:
    def result = loom.nsupdate('update add host.' + zone + ' 60 A 192.0.2.7', [key: key, zone: zone])

    then:
    UpdateSpec.rcode(result) == rcode
    loom.data('host.' + zone, Type.A) == (rcode == 'NOERROR' ? ['192.0.2.7'] : [])

    cleanup:
    loom?.close()

    where:
    who                                              | allowUpdate        | key                                                    | zone           | rcode
    'a key of --allow-update'                        | ['update-key']     | "hmac-sha256:update-key:${UpdateServer.SECRET}"        | 'example.com.' | 'NOERROR'
    'a key of --allow-update given as key:NAME'      | ['key:update-key'] | "hmac-sha256:update-key:${UpdateServer.SECRET}"        | 'example.com.' | 'NOERROR'
    'an unsigned update'                             | ['update-key']     | null                                                   | 'example.com.' | 'REFUSED'
    'a known key not allowed to update'              | ['update-key']     | "hmac-sha256:other-key:${UpdateServer.OTHER_SECRET}"   | 'example.com.' | 'REFUSED'
    'a signature made with the wrong secret'         | ['update-key']     | "hmac-sha256:update-key:${UpdateServer.OTHER_SECRET}"  | 'example.com.' | 'NOTAUTH'
    'any update when nobody may update'              | []                 | "hmac-sha256:update-key:${UpdateServer.SECRET}"        | 'example.com.' | 'REFUSED'
    'an unsigned update from an allowed address'     | ['127.0.0.1']      | null                                                   | 'example.com.' | 'NOERROR'
    'an update of a zone we do not serve'            | ['update-key']     | "hmac-sha256:update-key:${UpdateServer.SECRET}"        | 'example.org.' | 'NOTAUTH'
    'an update of a zone we are secondary for'       | ['update-key']     | "hmac-sha256:update-key:${UpdateServer.SECRET}"        | 'example.net.' | 'NOTAUTH'
    outcome = rcode == 'NOERROR' ? 'applied' : "answered ${rcode}"
  }

  @IgnoreIf({ !Dig.available() })
  def "the ACME DNS-01 sequence: the challenge is added, dig sees it, it is deleted, dig gets NXDOMAIN again"() {
    given:
    def loom = new UpdateServer(keys: KEYS, allowUpdate: [], policy: POLICY)
    def acme = "hmac-sha256:acme:${ACME_SECRET}".toString()
    def dig = { Dig.run(['@127.0.0.1', '-p', loom.port as String, '_acme-challenge.www.example.com.', 'TXT', '+norec']) }

    expect:
    dig().contains('status: NXDOMAIN')

    when:
    def added = loom.nsupdate('update add _acme-challenge.www.example.com. 60 TXT "token"', [key: acme])
    def seen = dig()

    then:
    UpdateSpec.rcode(added) == 'NOERROR'
    seen.contains('status: NOERROR')
    seen =~ /(?m)^_acme-challenge\.www\.example\.com\.\s+60\s+IN\s+TXT\s+"token"$/

    when:
    def deleted = loom.nsupdate('update delete _acme-challenge.www.example.com. TXT "token"', [key: acme])

    then:
    UpdateSpec.rcode(deleted) == 'NOERROR'
    dig().contains('status: NXDOMAIN')
    loom.serial() == 2026120503L

    cleanup:
    loom?.close()
  }

  def "the policy lets #key #change: #rcode"() {
    given:
    def loom = new UpdateServer(keys: KEYS, allowUpdate: [], policy: POLICY)
    def secret = key == 'acme' ? ACME_SECRET : DHCP_SECRET

    when:
    def result = loom.nsupdate(commands, [key: "hmac-sha256:${key}:${secret}".toString()])

    then: 'a refused update changes nothing, even the parts of it that were granted'
    UpdateSpec.rcode(result) == rcode
    loom.serial() == (rcode == 'NOERROR' ? 2026120502L : 2026120501L)

    cleanup:
    loom?.close()

    where:
    key    | change                                          | commands                                                                                  | rcode
    'acme' | 'add a challenge TXT'                           | 'update add _acme-challenge.example.com. 60 TXT "t"'                                      | 'NOERROR'
    'acme' | 'add a challenge TXT deeper down'               | 'update add _acme-challenge.a.b.example.com. 60 TXT "t"'                                  | 'NOERROR'
    'acme' | 'not add a CNAME at the challenge name'         | 'update add _acme-challenge.www.example.com. 60 CNAME ca.example.net.'                    | 'REFUSED'
    'acme' | 'not add a TXT elsewhere'                       | 'update add www.example.com. 60 TXT "t"'                                                  | 'REFUSED'
    'acme' | 'not delete www'                                | 'update delete www.example.com.'                                                          | 'REFUSED'
    'acme' | 'not slip a change in beside a granted one'     | 'update add _acme-challenge.example.com. 60 TXT "t"\nupdate delete www.example.com. A'    | 'REFUSED'
    'dhcp' | 'register a client'                             | 'update add laptop.dhcp.example.com. 300 A 192.0.2.100'                                   | 'NOERROR'
    'dhcp' | 'not touch the name its rule denies'            | 'update add dhcp.example.com. 300 A 192.0.2.100'                                          | 'REFUSED'
    'dhcp' | 'not add a type it was not granted'             | 'update add laptop.dhcp.example.com. 300 MX 10 mail.example.com.'                         | 'REFUSED'
    'dhcp' | 'not change the rest of the zone'               | 'update add laptop.example.com. 300 A 192.0.2.100'                                        | 'REFUSED'
  }

  def "deleting every set at a name is #rcode when #types"() {
    given: 'the records at the name, put there with a key that may change anything'
    def loom = new UpdateServer(keys: KEYS, allowUpdate: ['update-key'], policy: POLICY)
    assert UpdateSpec.rcode(loom.nsupdate(records)) == 'NOERROR'

    when:
    def result = loom.nsupdate('update delete pc.dhcp.example.com.', [key: "hmac-sha256:dhcp:${DHCP_SECRET}".toString()])

    then:
    UpdateSpec.rcode(result) == rcode
    loom.data('pc.dhcp.example.com.', Type.A) == (rcode == 'NOERROR' ? [] : ['192.0.2.5'])

    cleanup:
    loom?.close()

    where:
    types                                             | records                                                                                  | rcode
    'the policy grants each type there'               | 'update add pc.dhcp.example.com. 300 A 192.0.2.5\nupdate add pc.dhcp.example.com. 300 TXT "x"' | 'NOERROR'
    'a type there is not granted'                     | 'update add pc.dhcp.example.com. 300 A 192.0.2.5\nupdate add pc.dhcp.example.com. 300 MX 10 mail.example.com.' | 'REFUSED'
  }
}
