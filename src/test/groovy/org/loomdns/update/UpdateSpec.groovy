package org.loomdns.update

import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * RFC 2136 as nsupdate and knsupdate see it, signed with TSIG, over UDP and TCP, against loomdns
 * in process: each prerequisite passing and failing with its rcode, each kind of change, the
 * apex and CNAME rules, and the serial raised once per update that changed something.
 */
class UpdateSpec extends Specification {

  static final String RCODES = /NOERROR|FORMERR|SERVFAIL|NXDOMAIN|NOTIMP|REFUSED|YXDOMAIN|YXRRSET|NXRRSET|NOTAUTH|NOTZONE/

  @AutoCleanup
  UpdateServer loom = new UpdateServer()

  /** The rcode a client reports: NOERROR when it exits 0, else the one it prints. */
  static String rcode(List result) {
    def (int exit, String out) = result
    if (exit == 0) {
      return 'NOERROR'
    }
    def m = out =~ RCODES
    assert m.find(): "no rcode in: ${out}"
    m.group()
  }

  def "#tool: prerequisite '#prereq' #outcome"() {
    when:
    def result = loom.nsupdate("""
        prereq ${prereq}
        update add marker.example.com. 60 A 192.0.2.99""", [tool: tool])

    then: 'the rcode says which prerequisite failed, and only a passing one lets the change in'
    rcode(result) == expected
    loom.data('marker.example.com.', Type.A) == (expected == 'NOERROR' ? ['192.0.2.99'] : [])
    loom.serial() == (expected == 'NOERROR' ? 2026120502L : 2026120501L)

    where:
    [tool, prereq, expected] << [['nsupdate', 'knsupdate'], [
        ['yxdomain www.example.com.', 'NOERROR'],
        ['yxdomain nothere.example.com.', 'NXDOMAIN'],
        ['nxdomain nothere.example.com.', 'NOERROR'],
        ['nxdomain www.example.com.', 'YXDOMAIN'],
        ['yxrrset www.example.com. A', 'NOERROR'],
        ['yxrrset www.example.com. AAAA', 'NXRRSET'],
        ['nxrrset www.example.com. AAAA', 'NOERROR'],
        ['nxrrset www.example.com. A', 'YXRRSET'],
        ['yxrrset www.example.com. A 192.0.2.80', 'NOERROR'],
        ['yxrrset www.example.com. A 192.0.2.81', 'NXRRSET'],
        ['yxdomain www.example.org.', 'NOTZONE'],
    ]].combinations().collect { [it[0], it[1][0], it[1][1]] }
    outcome = expected == 'NOERROR' ? 'passes and the update is applied' : "fails with ${expected}"
  }

  def "an empty non-terminal is not a name in use: nxdomain holds for it, yxdomain does not"() {
    given:
    assert rcode(loom.nsupdate('update add a.b.example.com. 60 A 192.0.2.1')) == 'NOERROR'

    expect:
    rcode(loom.nsupdate('prereq nxdomain b.example.com.\nupdate add x.example.com. 60 A 192.0.2.2')) == 'NOERROR'
    rcode(loom.nsupdate('prereq yxdomain b.example.com.\nupdate add y.example.com. 60 A 192.0.2.3')) == 'NXDOMAIN'
  }

  /** Each kind of change: what it is, the commands, a set it changes and that set's data after; sent over UDP and TCP. */
  static final List<List> CHANGES = [
      ['an RR is added', 'update add host.example.com. 300 A 192.0.2.7', 'host.example.com.', Type.A, ['192.0.2.7']],
      ['an RR joins its set', 'update add www.example.com. 3600 A 192.0.2.81', 'www.example.com.', Type.A, ['192.0.2.80', '192.0.2.81']],
      ['an RRset is deleted, the name kept', 'update delete www.example.com. A', 'www.example.com.', Type.A, []],
      ['an RRset is deleted, other sets stay', 'update delete www.example.com. A', 'www.example.com.', Type.TXT, ['hello']],
      ['every RRset at a name is deleted', 'update delete www.example.com.', 'www.example.com.', Type.TXT, []],
      ['one RR is deleted by its data', 'update delete www.example.com. TXT "hello"', 'www.example.com.', Type.TXT, []],
      ['a CNAME replaces a CNAME', 'update add alias.example.com. 60 CNAME mail.example.com.', 'alias.example.com.', Type.CNAME, ['mail.example.com.']],
      ['several changes are one update', 'update delete www.example.com. A\nupdate add www.example.com. 60 A 192.0.2.8', 'www.example.com.', Type.A, ['192.0.2.8']],
  ]

  def "#tool over #transport: #change"() {
    when:
    def result = loom.nsupdate(commands, [tool: tool, tcp: transport == 'TCP'])

    then:
    rcode(result) == 'NOERROR'
    loom.data(name, type) == after
    loom.serial() == 2026120502L
    loom.log.diffs.size() == 1

    where:
    [tool, transport, row] << [['nsupdate', 'knsupdate'], ['UDP', 'TCP'], CHANGES].combinations()
    change = row[0]
    commands = row[1]
    name = row[2]
    type = row[3]
    after = row[4]
  }

  def "the apex keeps its SOA and NS: #change"() {
    when:
    def result = loom.nsupdate(commands)

    then: 'NOERROR, as RFC 2136 answers an update it partly ignores'
    rcode(result) == 'NOERROR'
    loom.data('example.com.', Type.NS) == ns
    loom.data('example.com.', Type.SOA).size() == 1
    loom.data('example.com.', Type.MX) == mx
    loom.serial() == serial

    where:
    change                                                 | commands                                                                      | ns                                       | mx                   | serial
    'deleting every set at the apex leaves SOA and NS'     | 'update delete example.com.'                                                  | ['ns1.example.com.', 'ns2.example.com.'] | []                   | 2026120502L
    'deleting the apex NS set is ignored'                  | 'update delete example.com. NS'                                               | ['ns1.example.com.', 'ns2.example.com.'] | ['10 mail.example.com.'] | 2026120501L
    'deleting the SOA is ignored'                          | 'update delete example.com. SOA'                                              | ['ns1.example.com.', 'ns2.example.com.'] | ['10 mail.example.com.'] | 2026120501L
    'deleting both NS one by one leaves the last'          | 'update delete example.com. NS ns1.example.com.\nupdate delete example.com. NS ns2.example.com.' | ['ns2.example.com.'] | ['10 mail.example.com.'] | 2026120502L
  }

  def "an SOA #given"() {
    when:
    def result = loom.nsupdate("update add example.com. 300 SOA ns1.example.com. hostmaster.example.com. ${serial} 7200 3600 1209600 ${minimum}")

    then:
    rcode(result) == 'NOERROR'
    loom.serial() == after
    loom.served.current().get(org.xbill.DNS.Name.fromString('example.com.')).soa().minimum == afterMinimum

    where:
    given                                                              | serial     | minimum | after       | afterMinimum
    'with a greater serial replaces the SOA, serial and all'           | 2026120600 | 60      | 2026120600L | 60
    'with a smaller serial is ignored, and the serial stays'           | 2026120400 | 60      | 2026120501L | 300
    'with the same serial is ignored'                                  | 2026120501 | 60      | 2026120501L | 300
  }

  def "CNAME rules of RFC 2136 3.4.2.2: #change is ignored"() {
    when:
    def result = loom.nsupdate(commands)

    then: 'NOERROR, nothing changed, the serial not raised'
    rcode(result) == 'NOERROR'
    loom.data(name, type) == after
    loom.serial() == 2026120501L
    loom.log.batches.isEmpty()

    where:
    change                                   | commands                                                  | name                 | type       | after
    'a CNAME added beside other data'        | 'update add www.example.com. 60 CNAME mail.example.com.'  | 'www.example.com.'   | Type.CNAME | []
    'other data added beside a CNAME'        | 'update add alias.example.com. 60 A 192.0.2.9'            | 'alias.example.com.' | Type.A     | []
    'a CNAME at the apex'                    | 'update add example.com. 60 CNAME www.example.com.'       | 'example.com.'       | Type.CNAME | []
  }

  def "an update that changes nothing does not raise the serial: #change"() {
    when:
    def result = loom.nsupdate(commands)

    then:
    rcode(result) == 'NOERROR'
    loom.serial() == 2026120501L
    loom.log.batches.isEmpty()

    where:
    change                          | commands
    'adding a record already there' | 'update add www.example.com. 3600 A 192.0.2.80'
    'deleting a name not there'     | 'update delete nothere.example.com.'
    'deleting a record not there'   | 'update delete www.example.com. A 192.0.2.99'
    'adding, then deleting it'      | 'update add new.example.com. 60 A 192.0.2.1\nupdate delete new.example.com. A 192.0.2.1'
  }

  def "a record outside the zone is NOTZONE, and nothing of the update is applied"() {
    when:
    def result = loom.nsupdate('update add host.example.com. 60 A 192.0.2.1\nupdate add www.example.org. 60 A 192.0.2.1')

    then:
    rcode(result) == 'NOTZONE'
    loom.data('host.example.com.', Type.A) == []
  }

  def "each update raises the serial by one (RFC 1982: from 4294967295 it goes to 1, skipping 0)"() {
    given:
    def top = new UpdateServer(zones: [UpdateServer.ZONE.replace('2026120501', '4294967295')])

    when:
    def first = top.nsupdate('update add a.example.com. 60 A 192.0.2.1')
    long afterFirst = top.serial()
    def second = top.nsupdate('update add b.example.com. 60 A 192.0.2.2')

    then:
    rcode(first) == 'NOERROR' && rcode(second) == 'NOERROR'
    afterFirst == 1L
    top.serial() == 2L

    cleanup:
    top?.close()
  }
}
