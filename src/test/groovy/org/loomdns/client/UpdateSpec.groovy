package org.loomdns.client

import org.loomdns.tsig.TsigKey
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * The update builder (RFC 2136) against real servers that take updates: every prerequisite kind
 * holding and failing, each kind of change, TSIG signing and the reply's verification, UDP and
 * TCP. Each feature uses names of its own, so one server of each kind serves them all.
 */
class UpdateSpec extends Specification {

  @Shared @AutoCleanup UpdateZones zones = new UpdateZones()

  def "on #kind a '#prereq' prerequisite that holds lets the update through"() {
    given:
    String name = "ok-${prereq.replace(' ', '-')}"

    when:
    def b = zones.update(kind)
    check(b)
    def r = b.add(name, 60, Type.A, '192.0.2.1').send()

    then:
    r.status() == UpdateStatus.NOERROR
    r.succeeded()
    zones.records(kind, "${name}.example.com.", Type.A) == ['192.0.2.1']

    where:
    [kind, prereq, check] << [UpdateZones.kinds(), [
        ['name in use', { UpdateBuilder u -> u.requireNameInUse('www') }],
        ['name not in use', { UpdateBuilder u -> u.requireNameNotInUse('nothere') }],
        ['rrset exists', { UpdateBuilder u -> u.requireRRsetExists('www', Type.AAAA) }],
        ['rrset is exactly', { UpdateBuilder u -> u.requireRRset('www', Type.A, '192.0.2.81', '192.0.2.80') }],
        ['rrset is exactly these records', { UpdateBuilder u -> u.requireRRset(
            new ARecord(Name.fromString('www.example.com.'), DClass.IN, 300, InetAddress.getByName('192.0.2.80')),
            new ARecord(Name.fromString('www.example.com.'), DClass.IN, 300, InetAddress.getByName('192.0.2.81'))) }],
        ['rrset does not exist', { UpdateBuilder u -> u.requireRRsetNotExists('www', Type.TXT) }],
    ]].combinations().collect { k, p -> [k, p[0], p[1]] }
  }

  def "on #kind a '#prereq' prerequisite that fails gives #status and changes nothing"() {
    given:
    String name = "failed-${prereq.replace(' ', '-')}"

    when:
    def b = zones.update(kind)
    check(b)
    def r = b.add(name, 60, Type.A, '192.0.2.1').send()

    then:
    r.status() == status
    r.rcode() == Rcode.value(status.name())
    !r.succeeded()
    zones.records(kind, "${name}.example.com.", Type.A) == []

    where:
    [kind, prereq, check, status] << [UpdateZones.kinds(), [
        ['name in use', { UpdateBuilder u -> u.requireNameInUse('nothere') }, UpdateStatus.NXDOMAIN],
        ['name not in use', { UpdateBuilder u -> u.requireNameNotInUse('www') }, UpdateStatus.YXDOMAIN],
        ['rrset exists', { UpdateBuilder u -> u.requireRRsetExists('www', Type.TXT) }, UpdateStatus.NXRRSET],
        ['rrset is exactly', { UpdateBuilder u -> u.requireRRset('www', Type.A, '192.0.2.80') }, UpdateStatus.NXRRSET],
        ['rrset does not exist', { UpdateBuilder u -> u.requireRRsetNotExists('www', Type.AAAA) }, UpdateStatus.YXRRSET],
    ]].combinations().collect { k, p -> [k, p[0], p[1], p[2]] }
  }

  def "on #kind records are added, and deleted one at a time, by type and by name"() {
    when: 'three A records and a TXT are added to a new name'
    def added = zones.update(kind).add('multi', 60, Type.A, '192.0.2.1').add('multi', 60, Type.A, '192.0.2.2')
        .add('multi', 60, Type.A, '192.0.2.3').add('multi', 60, Type.TXT, '"hello there"').send()

    then:
    added.succeeded()
    zones.records(kind, 'multi.example.com.', Type.A) == ['192.0.2.1', '192.0.2.2', '192.0.2.3']
    zones.records(kind, 'multi.example.com.', Type.TXT) == ['hello there']

    when: 'one A record is deleted'
    def one = zones.update(kind).delete('multi', Type.A, '192.0.2.2').send()

    then:
    one.succeeded()
    zones.records(kind, 'multi.example.com.', Type.A) == ['192.0.2.1', '192.0.2.3']

    when: 'the A RRset is deleted'
    def rrset = zones.update(kind).deleteRRset('multi', Type.A).send()

    then:
    rrset.succeeded()
    zones.records(kind, 'multi.example.com.', Type.A) == []
    zones.records(kind, 'multi.example.com.', Type.TXT) == ['hello there']

    when: 'every record of the name is deleted'
    def all = zones.update(kind).deleteName('multi').send()

    then:
    all.succeeded()
    zones.records(kind, 'multi.example.com.', Type.TXT) == []
    zones.update(kind).requireNameInUse('multi').send().status() == UpdateStatus.NXDOMAIN

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind an update signed with #what is refused with NOTAUTH and TSIG error #tsigError"() {
    when:
    def r = zones.update(kind, key).add("signed-${what.replace(' ', '-')}", 60, Type.A, '192.0.2.1').send()

    then:
    r.status() == UpdateStatus.NOTAUTH
    Rcode.TSIGstring(r.tsigError()) == tsigError
    r.describe() == "NOTAUTH (${tsigError})"
    zones.records(kind, "signed-${what.replace(' ', '-')}.example.com.", Type.A) == []

    where:
    [kind, what, key, tsigError] << [UpdateZones.kinds(), [
        ['a key the server does not have', UpdateZones.UNKNOWN_KEY, 'BADKEY'],
        ['the wrong secret', UpdateZones.WRONG_SECRET, 'BADSIG'],
    ]].combinations().collect { k, p -> [k] + p }
  }

  def "on #kind an unsigned update is denied"() {
    when:
    def r = DnsClient.forServer('127.0.0.1', zones.server(kind).port).update('example.com')
        .add('unsigned', 60, Type.A, '192.0.2.1').send()

    then: 'BIND says REFUSED, Knot NOTAUTH: RFC 2136 section 3.3 leaves the choice to the server'
    r.status() in [UpdateStatus.REFUSED, UpdateStatus.NOTAUTH]
    r.tsigError() == 0
    zones.records(kind, 'unsigned.example.com.', Type.A) == []

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind the reply to a signed update is verified with the key"() {
    when:
    def r = zones.update(kind).add('verified', 60, Type.A, '192.0.2.1').send()

    then:
    r.succeeded()
    r.reply().isSigned()
    r.reply().isVerified()
    r.server() == "127.0.0.1#${zones.server(kind).port}"

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind an update too big for a UDP reply's limit still goes, and over TCP when asked"() {
    given: 'forty TXT records of 200 bytes: over 8 KB, more than a UDP datagram should carry'
    def b = zones.update(kind).tcp(tcp)
    (0..<40).each { b.add("big-${tcp}", 60, Type.TXT, '"' + ('x' * 190) + it + '"') }

    when:
    def r = b.send()

    then:
    r.succeeded()
    zones.records(kind, "big-${tcp}.example.com.", Type.TXT).size() == 40

    where:
    [kind, tcp] << [UpdateZones.kinds(), [false, true]].combinations()
  }

  def "on #kind the ACME DNS-01 sequence adds the challenge, it can be looked up, and it is removed"() {
    given:
    def key = TsigKey.parse(UpdateZones.KEY)
    def client = DnsClient.builder().server('127.0.0.1', zones.server(kind).port).recursionDesired(false).build()

    when: 'the challenge is published'
    def add = client.update('example.com.').key(key).add('_acme-challenge.www.example.com.', 60, Type.TXT, '"token"').send()

    then:
    add.succeeded()
    client.lookupText('_acme-challenge.www.example.com.').answers(TXTRecord)*.strings == [['token']]

    when: 'it is removed once validated'
    def del = client.update('example.com.').key(key).delete('_acme-challenge.www.example.com.', Type.TXT, '"token"').send()
    client.lookupText('_acme-challenge.www.example.com.')

    then:
    del.succeeded()
    thrown(NxDomainException)

    where:
    kind << UpdateZones.kinds()
  }

  def "on #kind the async twin completes with the same verdict as the blocking call"() {
    when:
    def made = zones.update(kind).requireNameNotInUse('async').add('async', 60, Type.A, '192.0.2.9').sendAsync()
    def again = made.thenCompose { zones.update(kind).requireNameNotInUse('async').add('async', 60, Type.A, '192.0.2.9').sendAsync() }

    then:
    made.get().status() == UpdateStatus.NOERROR
    again.get().status() == UpdateStatus.YXDOMAIN

    where:
    kind << UpdateZones.kinds()
  }

  def "a server that does not answer makes send fail with a timeout that names the zone and the server"() {
    given: 'a UDP socket nobody reads'
    def silent = new DatagramSocket(0, InetAddress.getByName('127.0.0.1'))
    def b = DnsClient.builder().server('127.0.0.1', silent.localPort).timeout(java.time.Duration.ofMillis(200)).tries(1)
        .build().update('example.com').add('x', 60, Type.A, '192.0.2.1')

    when:
    b.send()

    then:
    def e = thrown(DnsLookupException)
    e.message == "update of example.com.: timed out after 1 tries of 200 ms: no reply from 127.0.0.1#${silent.localPort}"

    cleanup:
    silent?.close()
  }

  def "bad record data is an error that names the type, the name and the data"() {
    when:
    DnsClient.forServer('127.0.0.1', 53).update('example.com').add('www', 60, Type.A, 'not-an-address')

    then:
    def e = thrown(IllegalArgumentException)
    e.message.startsWith('bad A data for www: not-an-address')
  }
}
