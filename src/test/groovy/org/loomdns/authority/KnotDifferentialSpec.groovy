package org.loomdns.authority

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.support.Knot
import org.loomdns.support.TestServer
import org.xbill.DNS.CNAMERecord
import org.xbill.DNS.DNAMERecord
import org.xbill.DNS.Flags
import org.xbill.DNS.MXRecord
import org.xbill.DNS.Message
import org.xbill.DNS.NSRecord
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.SRVRecord
import org.xbill.DNS.Section
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * Sends the same queries to loomdns and to Knot DNS, both serving the zones of
 * src/test/resources/answers, and requires the same rcode, AA and TC and the same sections (as
 * sets of records, TTLs included). Three differences are allowed, each where the RFCs leave the
 * choice to the server, and each said where it is allowed: Knot follows a CNAME only inside the
 * zone it started in, and at most five of them ({@link #expected}); Knot adds addresses to the
 * additional section only from that zone ({@link #normalizeAdditional}). ANY is no difference:
 * over UDP, which these queries use, both give the one RRset of the lowest type (RFC 8482); over
 * TCP loomdns gives every RRset and Knot still one. If knotd is missing the spec fails, saying how
 * to install it.
 */
class KnotDifferentialSpec extends Specification {

  static final Map<String, Path> ZONES = ['example.test.', 'child.example.test.', 'other.test.']
      .collectEntries { [(it): Path.of("src/test/resources/answers/${it}zone")] }

  static final List<Integer> OWNER_TYPES = [Type.A, Type.AAAA, Type.TXT, Type.MX, Type.NS, Type.SOA,
      Type.CNAME, Type.DNAME, Type.DS, Type.SRV, Type.PTR, Type.RRSIG, Type.ANY]
  /** The CNAMEs Knot DNS follows in one answer before it stops. */
  static final int KNOT_CHAIN_LIMIT = 5
  static final List<Integer> MISSING_TYPES = [Type.A, Type.TXT, Type.CNAME, Type.DS, Type.ANY]

  @Shared TestServer loom
  @Shared Knot knot
  @Shared List<Name> origins
  /** Knot's replies by [name, type]: the features ask the same questions. */
  @Shared Map<List, Message> knotReplies = [:]

  def setupSpec() {
    knot = Knot.start(ZONES)
    loom = TestServer.withZones(ZONES.values().collect { Files.readString(it) })
    origins = ZONES.keySet().collect { Name.fromString(it) }
  }

  def cleanupSpec() {
    knot?.close()
    loom?.close()
  }

  def "loomdns answers some 1,700 queries over every rule as Knot DNS does"() {
    given:
    List<List> queries = queries()

    when:
    List<String> differences = queries.collect { Name name, int type -> compare(name, type) }.findAll()

    then:
    queries.size() >= 300
    assert differences.isEmpty(),
        "${differences.size()} of ${queries.size()} answers differ from Knot's:\n" + differences.join('\n')
  }

  def "the queries reach every kind of answer"() {
    when:
    Set<String> kinds = queries().collect { Name name, int type -> kind(knotReply(name, type)) }.toSet()

    then:
    kinds.containsAll(['answer', 'cname', 'dname', 'wildcard', 'nodata', 'nxdomain', 'referral',
        'yxdomain', 'refused', 'truncated'])
  }

  /** Every name of the zones and every name between them and their origins, by a dozen types; below
   *  each, a name that does not exist (NXDOMAIN, wildcard hits, names under cuts and DNAMEs);
   *  every other name in mixed case. */
  List<List> queries() {
    Set<Name> owners = new LinkedHashSet<>()
    loom.authority.served().current().zones().sort { it.origin() }.each { zone ->
      zone.transferRecords().each { Record r ->
        for (Name n = r.name; n.subdomain(zone.origin()); n = new Name(n, 1)) {
          owners << n
          if (n == zone.origin()) break
        }
      }
    }
    List<List> out = []
    owners.each { Name n -> OWNER_TYPES.each { out << [n, it] } }
    owners.each { Name n -> MISSING_TYPES.each { out << [Name.fromString('zz', n), it] } }
    Name longDname = Name.fromString('a' * 63 + '.long.example.test.')
    ['test.', '.', 'nowhere.invalid.'].each { out << [Name.fromString(it), Type.A] }
    [Type.A, Type.CNAME].each { out << [longDname, it] }
    out.withIndex().collect { q, int i -> i % 2 ? [mixedCase(q[0] as Name), q[1]] : q }
  }

  /** The difference between the two answers to one query, or null when they agree. */
  String compare(Name name, int type) {
    Map want = expected(name, type, [] as Set)
    Map got = view(Knot.send(loom.port, name, type))
    normalizeAdditional(want)
    normalizeAdditional(got)
    List<String> diffs = differences(want, got)
    diffs ? "${name} ${Type.string(type)}: ${diffs.join(', ')} differ\n  knot:    ${show(want)}\n  loomdns: ${show(got)}" : null
  }

  List<String> differences(Map want, Map got) {
    List<String> diffs = ['aa', 'tc'].findAll { want[it] != got[it] }
    if (want.chainCut) {
      // Longer than loomdns follows: loomdns gives the first Lookup.MAX_CHAIN records of the chain.
      boolean prefix = want.answer.containsAll(got.answer) && got.answer.size() >= Lookup.MAX_CHAIN
      return prefix ? diffs : diffs + 'answer cut at Lookup.MAX_CHAIN'
    }
    diffs + ['rcode', 'authority', 'answer', 'additional'].findAll { want[it] != got[it] }
  }

  /**
   * Knot's answer, extended where Knot stops and loomdns goes on. Knot follows a CNAME (or a
   * DNAME's synthesized CNAME) only inside the zone it started in; loomdns restarts the lookup at
   * a target in any of its zones, as RFC 1034 section 4.3.2 step 3a ("go back to step 1") says,
   * and RFC 6604 section 2 gives the rcode of the last step. So where Knot's chain ends at a name
   * of another of our zones, the expected answer is Knot's followed by Knot's answer for the
   * target. As in RFC 1034, a CNAME is not followed for a CNAME query, nor for ANY (which the
   * CNAME answers) or RRSIG and NSEC (which live beside it), and a synthesized CNAME not for a
   * CNAME query.
   */
  Map expected(Name name, int type, Set<Name> visited) {
    Map here = view(knotReply(name, type))
    visited << name
    Record last = null
    Name end = name
    Record step
    while ((step = here.answer.find { it instanceof CNAMERecord && it.name == end }) != null
        && !visited.contains(((CNAMERecord) step).target)) {
      last = step
      end = ((CNAMERecord) step).target
      visited << end
    }
    boolean looped = step != null
    boolean synthesized = last != null && here.answer.any { it instanceof DNAMERecord && last.name.subdomain(it.name) }
    boolean follow = type != Type.CNAME && (synthesized || !(type in [Type.ANY, Type.RRSIG, Type.NSEC]))
    boolean resolved = here.answer.any { it.name == end && !(it instanceof CNAMERecord) }
    if (last == null || !follow || resolved || looped) {
      return here
    }
    Name from = zoneOf(last.name)
    Name to = zoneOf(end)
    // Knot follows at most five CNAMEs, loomdns up to Lookup.MAX_CHAIN names: RFC 1034 section
    // 4.3.2 asks a server to bound a chain, not where. Where Knot stops at its bound, its answer
    // for the name it stopped at carries the chain on.
    boolean knotBound = to == from && here.answer.count { it instanceof CNAMERecord } == KNOT_CHAIN_LIMIT &&
        !here.authority.any { it instanceof NSRecord }
    if (to == null || (to == from && !knotBound)) {
      return here
    }
    Map next = expected(end, type, visited)
    // Knot's authority section (and the glue that came with it) gives way to the target's.
    List<Record> ownAdditional = here.additional.findAll { a -> here.answer.any { it.additionalName == a.name } }
    [rcode: next.rcode, aa: here.aa, tc: here.tc || next.tc,
     answer: here.answer + next.answer, authority: next.authority,
     additional: ownAdditional + next.additional, chainCut: visited.size() > Lookup.MAX_CHAIN]
  }

  /**
   * Keeps the additional records that an NS, MX or SRV record of the answer or authority section
   * names from within its own zone. Knot looks for additional addresses only in the zone it
   * answers from; loomdns looks in all of its zones. Additional data is optional (RFC 1034
   * section 4.3.2 step 6, RFC 2181 section 5.4.1), so addresses from another zone are left out.
   */
  void normalizeAdditional(Map v) {
    List<Record> named = (v.answer + v.authority).findAll { it instanceof NSRecord || it instanceof MXRecord || it instanceof SRVRecord }
    v.additional = v.additional.findAll { Record a ->
      named.any { Record r -> r.additionalName == a.name && zoneOf(r.name) == zoneOf(a.name) }
    }
    ['answer', 'authority', 'additional'].each { v[it] = (v[it] as List<Record>).collect { text(it) }.toSet() }
  }

  Message knotReply(Name name, int type) {
    knotReplies.computeIfAbsent([name.toString(), type]) { knot.query(name, type) }
  }

  Name zoneOf(Name name) {
    origins.findAll { name.subdomain(it) }.max { it.labels() }
  }

  static Map view(Message m) {
    [rcode: m.rcode, aa: m.header.getFlag(Flags.AA), tc: m.header.getFlag(Flags.TC),
     answer: m.getSection(Section.ANSWER), authority: m.getSection(Section.AUTHORITY),
     additional: m.getSection(Section.ADDITIONAL).findAll { it.type != Type.OPT }]
  }

  /** A record as text, owner and names in lower case (matching ignores case), TTL included. */
  static String text(Record r) {
    String rdata = r.type == Type.TXT ? r.rdataToString() : r.rdataToString().toLowerCase(Locale.ROOT)
    "${lower(r.name)} ${r.TTL} ${Type.string(r.type)} ${rdata}"
  }

  static String lower(Name n) {
    n.toString().toLowerCase(Locale.ROOT)
  }

  static String show(Map v) {
    "${Rcode.string(v.rcode as int)}${v.aa ? ' aa' : ''}${v.tc ? ' tc' : ''} answer=${v.answer} authority=${v.authority} additional=${v.additional}"
  }

  /** What kind of answer Knot gave, to show that the queries reach every rule. */
  static String kind(Message m) {
    List<Record> answer = m.getSection(Section.ANSWER)
    Name qname = m.question.name
    if (m.header.getFlag(Flags.TC)) return 'truncated'
    switch (m.rcode) {
      case Rcode.NXDOMAIN: return 'nxdomain'
      case Rcode.YXDOMAIN: return 'yxdomain'
      case Rcode.REFUSED: return 'refused'
      case Rcode.NOERROR: break
      default: return Rcode.string(m.rcode)
    }
    if (answer.any { it instanceof DNAMERecord }) return 'dname'
    if (answer.any { it instanceof CNAMERecord }) return 'cname'
    if (!answer.isEmpty()) {
      return qname.labels() > 1 && !m.getSection(Section.QUESTION).isEmpty() && qname.getLabelString(0).equalsIgnoreCase('zz') ? 'wildcard' : 'answer'
    }
    m.header.getFlag(Flags.AA) ? 'nodata' : 'referral'
  }

  static Name mixedCase(Name n) {
    StringBuilder s = new StringBuilder(n.toString())
    for (int i = 0; i < s.length(); i += 2) {
      s.setCharAt(i, Character.toUpperCase(s.charAt(i)))
    }
    Name.fromString(s.toString())
  }
}
