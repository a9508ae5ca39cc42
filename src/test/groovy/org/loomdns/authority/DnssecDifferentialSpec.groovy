package org.loomdns.authority

import java.time.Duration
import org.loomdns.support.Knot
import org.loomdns.support.SignedZones
import org.loomdns.support.SignedZones.Variant
import org.loomdns.support.TestServer
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.DClass
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.RRSIGRecord
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * loomdns and Knot DNS serve the same zone signed in the test (the parent of {@link SignedZones},
 * alone, so that names below its cuts are referrals), and must agree record for record: rcode,
 * AA, TC and every section as a set of records, TTLs included (owner names compared without
 * regard to case: Knot writes them in lower case, loomdns as the file does). Queries for type
 * RRSIG and ANY are left out: Knot answers both with the RRset of one type only, loomdns with all.
 */
class DnssecDifferentialSpec extends Specification {

  static final List<List<String>> QUERIES = [
      ['signed.test', 'SOA'], ['signed.test', 'NS'], ['signed.test', 'DNSKEY'], ['signed.test', 'MX'],
      ['signed.test', 'NSEC3PARAM'], ['www.signed.test', 'A'], ['www.signed.test', 'TXT'], ['www.signed.test', 'NSEC'],
      ['mail.signed.test', 'AAAA'], ['nope.signed.test', 'A'], ['deep.nope.signed.test', 'MX'],
      ['c.ent.signed.test', 'A'], ['b.c.ent.signed.test', 'TXT'], ['zz.c.ent.signed.test', 'A'],
      ['a.wild.signed.test', 'TXT'], ['b.a.wild.signed.test', 'TXT'], ['a.wild.signed.test', 'A'], ['wild.signed.test', 'A'],
      ['x.wc.signed.test', 'A'], ['x.wc.signed.test', 'CNAME'], ['alias.signed.test', 'A'], ['alias.signed.test', 'AAAA'],
      ['dn.signed.test', 'DNAME'], ['x.dn.signed.test', 'A'], ['q.dn.signed.test', 'A'], ['x.other.signed.test', 'A'],
      ['big.signed.test', 'TXT'], ['secure.signed.test', 'DS'], ['insecure.signed.test', 'DS'], ['secure.signed.test', 'NS'],
      ['www.secure.signed.test', 'A'], ['www.insecure.signed.test', 'A'], ['ns.insecure.signed.test', 'A'],
  ]

  @Shared Map<Variant, TestServer> looms = [:]
  @Shared Map<Variant, Knot> knots = [:]

  def setupSpec() {
    Variant.values().each { v ->
      SignedZones z = SignedZones.make(v)
      looms[v] = TestServer.withLoadedZones([BindZoneLoader.load(z.parent)])
      knots[v] = Knot.start([(SignedZones.ORIGIN): z.parent])
    }
  }

  def cleanupSpec() {
    knots.values()*.close()
    looms.values()*.close()
  }

  def "with DO, loomdns answers #name #type from the #variant zone as Knot does"() {
    expect:
    view(ask(looms[variant].port, name, type, true)) == view(ask(knots[variant].port, name, type, true))

    where:
    [variant, name, type] << rows()
  }

  def "without DO, loomdns answers #name #type from the #variant zone as Knot does, with no DNSSEC records it was not asked for"() {
    when:
    Message reply = ask(looms[variant].port, name, type, false)

    then:
    view(reply) == view(ask(knots[variant].port, name, type, false))
    [Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL].every { s ->
      reply.getSection(s).every { r -> !(r.type in [Type.RRSIG, Type.NSEC, Type.NSEC3]) || r.type == Type.value(type) }
    }

    where:
    [variant, name, type] << rows()
  }

  def "a signed answer too large for 512 bytes over UDP is cut at whole RRsets, each with its signatures, and TC is set as by Knot: #name #type (#variant)"() {
    when:
    Message reply = ask(looms[variant].port, name, type, true, 512)

    then:
    reply.header.getFlag(Flags.TC) == ask(knots[variant].port, name, type, true, 512).header.getFlag(Flags.TC)
    reply.header.getFlag(Flags.TC)
    [Section.ANSWER, Section.AUTHORITY].every { s -> signedWhole(reply.getSection(s)) }

    where:
    [variant, name, type] << (Variant.values().collect { [it, 'big.signed.test', 'TXT'] }
        + [Variant.NSEC3, Variant.NSEC3_OPT_OUT].collect { [it, 'nope.signed.test', 'A'] })
  }

  def "a DO query and a plain one for the same name never share the packet cache's reply"() {
    given:
    TestServer loom = looms[Variant.NSEC3]

    when: 'each kind asked twice, alternately, so that each may be answered from the packet cache'
    List<Message> replies = (1..4).collect { ask(loom.port, 'nope.signed.test', 'A', it % 2 == 1) }

    then:
    replies.collect { m -> m.getSection(Section.AUTHORITY).any { it.type == Type.NSEC3 } } == [true, false, true, false]
    replies.collect { m -> m.getSection(Section.AUTHORITY).any { it.type == Type.RRSIG } } == [true, false, true, false]
  }

  static List<List> rows() {
    [Variant.values(), QUERIES].combinations().collect { v, q -> [v] + q }
  }

  /** Whether every RRset in {@code records} that is not a signature comes with an RRSIG covering it, or none is signed. */
  static boolean signedWhole(List<Record> records) {
    Set<List> signedSets = records.findAll { it instanceof RRSIGRecord }.collect { [it.name, ((RRSIGRecord) it).typeCovered] } as Set
    records.findAll { !(it instanceof RRSIGRecord) && it.type != Type.NS }.every { [it.name, it.type] in signedSets }
  }

  static Message ask(int port, String name, String type, boolean dnssecOk, int payload = 1232) {
    def r = new SimpleResolver('127.0.0.1')
    r.port = port
    r.timeout = Duration.ofSeconds(3)
    r.ignoreTruncation = true
    r.setEDNS(0, payload, dnssecOk ? ExtendedFlags.DO : 0, [])
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name + '.'), Type.value(type), DClass.IN))
    q.header.unsetFlag(Flags.RD)
    r.send(q)
  }

  static Map view(Message m) {
    Closure<List<String>> section = { int s ->
      m.getSection(s).findAll { it.type != Type.OPT }.collect { it.toString().toLowerCase() }.sort()
    }
    [rcode: m.rcode, aa: m.header.getFlag(Flags.AA), tc: m.header.getFlag(Flags.TC),
     answer: section(Section.ANSWER), authority: section(Section.AUTHORITY), additional: section(Section.ADDITIONAL)]
  }
}
