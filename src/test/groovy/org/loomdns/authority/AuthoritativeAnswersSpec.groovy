package org.loomdns.authority

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.chain.Outcome
import org.loomdns.chain.Query
import org.loomdns.chain.Resolver
import org.loomdns.support.Knot
import org.loomdns.support.TestServer
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.TXTRecord
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * The rules of "How loomdns answers" (docs/zones.md), query by query, over the zones of
 * src/test/resources/answers served side by side by a real server: example.test, its child
 * child.example.test, and other.test.
 */
class AuthoritativeAnswersSpec extends Specification {

  static final List<String> ZONES = ['example.test.', 'child.example.test.', 'other.test.']
      .collect { Files.readString(Path.of("src/test/resources/answers/${it}zone")) }

  /** The SOA of negative answers: TTL = min(SOA TTL, MINIMUM) per RFC 2308 section 3. */
  static final String NEG_EXAMPLE = 'example.test. 300 SOA ns1.example.test. hostmaster.example.test. 2026112301 7200 3600 1209600 300'
  static final String NEG_CHILD = 'child.example.test. 600 SOA ns1.child.example.test. hostmaster.child.example.test. 7 7200 3600 1209600 600'
  static final String NEG_OTHER = 'other.test. 3600 SOA ns2.other.test. hostmaster.other.test. 42 7200 3600 1209600 86400'

  static final String WWW = 'www.example.test. 1800 A 192.0.2.80'
  static final String HOST = 'host.other.test. 3600 A 198.51.100.80'
  static final List<String> LAB_NS = ['lab.example.test. 3600 NS ns.lab.example.test.',
      'lab.example.test. 3600 NS ns.other.test.', 'lab.example.test. 3600 NS ns1.example.test.']
  static final List<String> LAB_GLUE = ['ns.lab.example.test. 3600 A 192.0.2.200',
      'ns.lab.example.test. 3600 AAAA 2001:db8:0:0:0:0:0:200', 'ns1.example.test. 3600 A 192.0.2.53',
      'ns1.example.test. 3600 AAAA 2001:db8:0:0:0:0:0:53', 'ns.other.test. 3600 A 198.51.100.53']
  static final String LONG_LABEL = 'a' * 63
  static final String LONG_DNAME = 'long.example.test. 3600 DNAME ' + ['a', 'b', 'c'].collect { it * 63 }.join('.') + '.invalid.'

  @Shared TestServer server = TestServer.withZones(ZONES)

  def cleanupSpec() {
    server?.close()
  }

  def "#name #type: answers, NODATA and NXDOMAIN are authoritative and negative ones carry the zone's SOA"() {
    when:
    Message m = query(name, type)

    then:
    verify(m, rcode, true, answer, authority, [])

    where:
    name                          | type  || rcode          | answer                                                  | authority
    'www.example.test.'           | 'A'   || Rcode.NOERROR  | [WWW]                                                   | []
    'www.example.test.'           | 'MX'  || Rcode.NOERROR  | []                                                      | [NEG_EXAMPLE]
    'nothere.example.test.'       | 'A'   || Rcode.NXDOMAIN | []                                                      | [NEG_EXAMPLE]
    'x.a.b.deep.example.test.'    | 'A'   || Rcode.NXDOMAIN | []                                                      | [NEG_EXAMPLE]
    'nothere.child.example.test.' | 'A'   || Rcode.NXDOMAIN | []                                                      | [NEG_CHILD]
    'nothere.other.test.'         | 'TXT' || Rcode.NXDOMAIN | []                                                      | [NEG_OTHER]
    'www.other.test.'             | 'A'   || Rcode.NOERROR  | []                                                      | [NEG_OTHER]
    'a.b.deep.example.test.'      | 'TXT' || Rcode.NOERROR  | ['a.b.deep.example.test. 3600 TXT "three labels down"'] | []
    // empty non-terminals exist: NODATA, never NXDOMAIN
    'b.deep.example.test.'        | 'TXT' || Rcode.NOERROR  | []                                                      | [NEG_EXAMPLE]
    'deep.example.test.'          | 'A'   || Rcode.NOERROR  | []                                                      | [NEG_EXAMPLE]
    'e.ent.example.test.'         | 'A'   || Rcode.NOERROR  | []                                                      | [NEG_EXAMPLE]
    'ent.example.test.'           | 'ANY' || Rcode.NOERROR  | []                                                      | [NEG_EXAMPLE]
    'users.example.test.'         | 'A'   || Rcode.NOERROR  | []                                                      | [NEG_EXAMPLE]
  }

  def "#name #type: a CNAME chain is followed through our zones, stops where they end, and loops end"() {
    when:
    Message m = query(name, type)

    then:
    verify(m, rcode, true, answer, authority, additional)

    where:
    name                      | type    || rcode          | answer | authority     | additional
    'ftp.example.test.'       | 'A'     || Rcode.NOERROR  | ['ftp.example.test. 3600 CNAME www.example.test.', WWW] | []            | []
    'chain1.example.test.'    | 'A'     || Rcode.NOERROR  | ['chain1.example.test. 600 CNAME chain2.example.test.', 'chain2.example.test. 900 CNAME chain3.example.test.', 'chain3.example.test. 3600 CNAME www.example.test.', WWW] | []            | []
    'chain1.example.test.'    | 'MX'    || Rcode.NOERROR  | ['chain1.example.test. 600 CNAME chain2.example.test.', 'chain2.example.test. 900 CNAME chain3.example.test.', 'chain3.example.test. 3600 CNAME www.example.test.'] | [NEG_EXAMPLE] | []
    'chain1.example.test.'    | 'CNAME' || Rcode.NOERROR  | ['chain1.example.test. 600 CNAME chain2.example.test.'] | []            | []
    // RRSIG and NSEC live beside a CNAME: asked for, they are not followed
    'ftp.example.test.'       | 'RRSIG' || Rcode.NOERROR  | [] | [NEG_EXAMPLE] | []
    'cross.example.test.'     | 'A'     || Rcode.NOERROR  | ['cross.example.test. 3600 CNAME host.other.test.', HOST] | []            | []
    'cross.example.test.'     | 'MX'    || Rcode.NOERROR  | ['cross.example.test. 3600 CNAME host.other.test.'] | [NEG_OTHER]   | []
    'crossback.example.test.' | 'A'     || Rcode.NOERROR  | ['crossback.example.test. 3600 CNAME back.other.test.', 'back.other.test. 3600 CNAME www.example.test.', WWW] | []            | []
    'tochild.example.test.'   | 'A'     || Rcode.NOERROR  | ['tochild.example.test. 3600 CNAME www.child.example.test.', 'www.child.example.test. 7200 A 192.0.2.72'] | []            | []
    'up.child.example.test.'  | 'A'     || Rcode.NOERROR  | ['up.child.example.test. 7200 CNAME www.example.test.', WWW] | []            | []
    'outside.example.test.'   | 'A'     || Rcode.NOERROR  | ['outside.example.test. 3600 CNAME www.elsewhere.invalid.'] | []            | []
    'outvia.example.test.'    | 'A'     || Rcode.NOERROR  | ['outvia.example.test. 3600 CNAME away.other.test.', 'away.other.test. 3600 CNAME www.elsewhere.invalid.'] | []            | []
    'loop1.example.test.'     | 'A'     || Rcode.NOERROR  | ['loop1.example.test. 3600 CNAME loop2.example.test.', 'loop2.example.test. 3600 CNAME loop1.example.test.'] | []            | []
    'self.example.test.'      | 'A'     || Rcode.NOERROR  | ['self.example.test. 3600 CNAME self.example.test.'] | []            | []
    'xloop.example.test.'     | 'A'     || Rcode.NOERROR  | ['xloop.example.test. 3600 CNAME xloop.other.test.', 'xloop.other.test. 3600 CNAME xloop.example.test.'] | []            | []
    // RFC 6604: the rcode is the last name's
    'dangling.example.test.'  | 'A'     || Rcode.NXDOMAIN | ['dangling.example.test. 3600 CNAME nothere.example.test.'] | [NEG_EXAMPLE] | []
    'towild.example.test.'    | 'A'     || Rcode.NOERROR  | ['towild.example.test. 3600 CNAME foo.users.example.test.', 'foo.users.example.test. 3600 A 192.0.2.100'] | []            | []
    // the chain reaches a cut, in its zone or another: the CNAME is ours (AA), the rest a referral
    'tocut.example.test.'     | 'A'     || Rcode.NOERROR  | ['tocut.example.test. 3600 CNAME host.lab.example.test.'] | LAB_NS        | LAB_GLUE
    'tolab.other.test.'       | 'A'     || Rcode.NOERROR  | ['tolab.other.test. 3600 CNAME host.lab.example.test.'] | LAB_NS | LAB_GLUE
  }

  def "a chain longer than Lookup.MAX_CHAIN names is cut short with what was found so far"() {
    when:
    Message m = query('l1.other.test.', 'A')

    then:
    m.rcode == Rcode.NOERROR
    m.header.getFlag(Flags.AA)
    records(m, Section.ANSWER) == (1..Lookup.MAX_CHAIN).collect { "l${it}.other.test. 3600 CNAME l${it + 1}.other.test.".toString() }
    records(m, Section.AUTHORITY).isEmpty()
  }

  def "an answer too big for the client's UDP size is truncated whole, and complete over TCP"() {
    when:
    Message udp = Knot.send(server.port, Name.fromString('big.example.test.'), Type.TXT)
    Message tcp = server.query('big.example.test.', Type.TXT, [tcp: true])

    then:
    udp.header.getFlag(Flags.TC)
    udp.header.getFlag(Flags.AA)
    udp.getSection(Section.ANSWER).isEmpty()
    !tcp.header.getFlag(Flags.TC)
    records(tcp, Section.ANSWER).size() == 8
  }

  def "#name #type: wildcards synthesize at the closest encloser only, owned by the query name"() {
    when:
    Message m = query(name, type)

    then:
    verify(m, rcode, true, answer, authority, additional)

    where:
    name                        | type    || rcode          | answer                                                       | authority     | additional
    'foo.users.example.test.'   | 'A'     || Rcode.NOERROR  | ['foo.users.example.test. 3600 A 192.0.2.100']               | []            | []
    'a.b.users.example.test.'   | 'TXT'   || Rcode.NOERROR  | ['a.b.users.example.test. 3600 TXT "wild"']                  | []            | []
    'foo.users.example.test.'   | 'MX'    || Rcode.NOERROR  | []                                                           | [NEG_EXAMPLE] | []
    // an existing name is not synthesized, and neither is anything below it
    'sub.users.example.test.'   | 'A'     || Rcode.NOERROR  | ['sub.users.example.test. 3600 A 192.0.2.101']               | []            | []
    'sub.users.example.test.'   | 'TXT'   || Rcode.NOERROR  | []                                                           | [NEG_EXAMPLE] | []
    'x.sub.users.example.test.' | 'A'     || Rcode.NXDOMAIN | []                                                           | [NEG_EXAMPLE] | []
    // the wildcard name itself is an ordinary name, and names below it are not wildcard matches
    '*.users.example.test.'     | 'TXT'   || Rcode.NOERROR  | ['*.users.example.test. 3600 TXT "wild"']                    | []            | []
    'x.*.users.example.test.'   | 'A'     || Rcode.NXDOMAIN | []                                                           | [NEG_EXAMPLE] | []
    'x.*.w.example.test.'       | 'TXT'   || Rcode.NOERROR  | ['x.*.w.example.test. 3600 TXT "below a wildcard"']          | []            | []
    'y.x.*.w.example.test.'     | 'TXT'   || Rcode.NXDOMAIN | []                                                           | [NEG_EXAMPLE] | []
    'q.x.w.example.test.'       | 'MX'    || Rcode.NOERROR  | ['q.x.w.example.test. 3600 MX 10 mail.example.test.']        | []            | ['mail.example.test. 3600 A 192.0.2.25', 'mail.example.test. 3600 AAAA 2001:db8:0:0:0:0:0:25']
    // a wildcard CNAME is followed from the synthesized CNAME, here and into another zone
    'q.alias.example.test.'     | 'A'     || Rcode.NOERROR  | ['q.alias.example.test. 3600 CNAME www.example.test.', WWW]  | []            | []
    'q.alias.example.test.'     | 'CNAME' || Rcode.NOERROR  | ['q.alias.example.test. 3600 CNAME www.example.test.']       | []            | []
    'q.wcross.example.test.'    | 'A'     || Rcode.NOERROR  | ['q.wcross.example.test. 3600 CNAME host.other.test.', HOST] | []            | []
    // a wildcard below empty non-terminals; an ENT with no wildcard below it has no synthesis
    'q.e.ent.example.test.'     | 'A'     || Rcode.NOERROR  | ['q.e.ent.example.test. 3600 A 192.0.2.30']                  | []            | []
    'zz.ent.example.test.'      | 'A'     || Rcode.NXDOMAIN | []                                                           | [NEG_EXAMPLE] | []
  }

  def "#name #type: at and below a cut the parent refers, except for DS at the cut"() {
    when:
    Message m = query(name, type)

    then:
    verify(m, rcode, aa, answer, authority, additional)

    where:
    name                      | type || rcode         | aa    | answer | authority                                            | additional
    'lab.example.test.'       | 'A'  || Rcode.NOERROR | false | [] | LAB_NS                                               | LAB_GLUE
    'lab.example.test.'       | 'NS' || Rcode.NOERROR | false | [] | LAB_NS                                               | LAB_GLUE
    'x.y.lab.example.test.'   | 'A'  || Rcode.NOERROR | false | [] | LAB_NS                                               | LAB_GLUE
    'ns.lab.example.test.'    | 'A'  || Rcode.NOERROR | false | [] | LAB_NS                                               | LAB_GLUE
    'x.lab.example.test.'     | 'DS' || Rcode.NOERROR | false | [] | LAB_NS                                               | LAB_GLUE
    'nods.example.test.'      | 'MX' || Rcode.NOERROR | false | [] | ['nods.example.test. 3600 NS ns.nods.example.test.'] | ['ns.nods.example.test. 3600 A 192.0.2.210']
    'lab.example.test.'       | 'DS' || Rcode.NOERROR | true  | ['lab.example.test. 3600 DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF'] | []                                                   | []
    'nods.example.test.'      | 'DS' || Rcode.NOERROR | true  | [] | [NEG_EXAMPLE]                                        | []
    // child.example.test is served too: DS from the parent, everything else from the child
    'child.example.test.'     | 'DS' || Rcode.NOERROR | true  | ['child.example.test. 3600 DS 54321 13 2 FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210'] | []                                                   | []
    'tods.example.test.'      | 'DS' || Rcode.NOERROR | true  | ['tods.example.test. 3600 CNAME child.example.test.', 'child.example.test. 3600 DS 54321 13 2 FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210'] | []                                                   | []
    'child.example.test.'     | 'NS' || Rcode.NOERROR | true  | ['child.example.test. 7200 NS ns1.child.example.test.', 'child.example.test. 7200 NS ns2.other.test.'] | []                                                   | ['ns1.child.example.test. 7200 A 192.0.2.70', 'ns2.other.test. 3600 A 198.51.100.54', 'ns2.other.test. 3600 AAAA 2001:db8:1:0:0:0:0:54']
    'ns1.child.example.test.' | 'A'  || Rcode.NOERROR | true  | ['ns1.child.example.test. 7200 A 192.0.2.70'] | []                                                   | []
    'www.child.example.test.' | 'A'  || Rcode.NOERROR | true  | ['www.child.example.test. 7200 A 192.0.2.72'] | []                                                   | []
  }

  def "#name #type: a DNAME rewrites names below it, with the synthesized CNAME, or says YXDOMAIN"() {
    when:
    Message m = query(name, type)

    then:
    verify(m, rcode, true, answer, authority, [])

    where:
    name                               | type    || rcode          | answer | authority
    'host.dn.example.test.'            | 'A'     || Rcode.NOERROR  | ['dn.example.test. 3600 DNAME other.test.', 'host.dn.example.test. 3600 CNAME host.other.test.', HOST] | []
    'x.dn.example.test.'               | 'A'     || Rcode.NXDOMAIN | ['dn.example.test. 3600 DNAME other.test.', 'x.dn.example.test. 3600 CNAME x.other.test.'] | [NEG_OTHER]
    // a CNAME query is answered by the synthesized CNAME itself
    'x.dn.example.test.'               | 'CNAME' || Rcode.NOERROR  | ['dn.example.test. 3600 DNAME other.test.', 'x.dn.example.test. 3600 CNAME x.other.test.'] | []
    // the DNAME's own name is not rewritten
    'dn.example.test.'                 | 'DNAME' || Rcode.NOERROR  | ['dn.example.test. 3600 DNAME other.test.'] | []
    'dn.example.test.'                 | 'A'     || Rcode.NOERROR  | [] | [NEG_EXAMPLE]
    'a.dnin.example.test.'             | 'TXT'   || Rcode.NOERROR  | ['dnin.example.test. 3600 DNAME b.deep.example.test.', 'a.dnin.example.test. 3600 CNAME a.b.deep.example.test.', 'a.b.deep.example.test. 3600 TXT "three labels down"'] | []
    'a.dnout.example.test.'            | 'A'     || Rcode.NOERROR  | ['dnout.example.test. 3600 DNAME elsewhere.invalid.', 'a.dnout.example.test. 3600 CNAME a.elsewhere.invalid.'] | []
    'a.dnback.other.test.'             | 'A'     || Rcode.NXDOMAIN | ['dnback.other.test. 3600 DNAME dn.example.test.', 'a.dnback.other.test. 3600 CNAME a.dn.example.test.', 'dn.example.test. 3600 DNAME other.test.', 'a.dn.example.test. 3600 CNAME a.other.test.'] | [NEG_OTHER]
    // RFC 6672 section 2.2: a result longer than 255 octets
    "${LONG_LABEL}.long.example.test." | 'A'     || Rcode.YXDOMAIN | [LONG_DNAME] | []
  }

  def "#name #type: NS, MX and SRV targets come with the addresses our zones hold"() {
    when:
    Message m = query(name, type)

    then:
    verify(m, Rcode.NOERROR, true, answer, [], additional)

    where:
    name                       | type  || answer | additional
    'example.test.'            | 'NS'  || ['example.test. 3600 NS ns1.example.test.', 'example.test. 3600 NS ns2.other.test.'] | ['ns1.example.test. 3600 A 192.0.2.53', 'ns1.example.test. 3600 AAAA 2001:db8:0:0:0:0:0:53', 'ns2.other.test. 3600 A 198.51.100.54', 'ns2.other.test. 3600 AAAA 2001:db8:1:0:0:0:0:54']
    'example.test.'            | 'MX'  || ['example.test. 3600 MX 10 mail.example.test.', 'example.test. 3600 MX 20 mx.other.test.'] | ['mail.example.test. 3600 A 192.0.2.25', 'mail.example.test. 3600 AAAA 2001:db8:0:0:0:0:0:25', 'mx.other.test. 3600 A 198.51.100.25']
    '_sip._udp.example.test.'  | 'SRV' || ['_sip._udp.example.test. 3600 SRV 10 60 5060 sip.example.test.'] | ['sip.example.test. 3600 A 192.0.2.60']
    '_sip._tcp.example.test.'  | 'SRV' || ['_sip._tcp.example.test. 3600 SRV 0 0 5060 host.other.test.'] | [HOST, 'host.other.test. 3600 AAAA 2001:db8:1:0:0:0:0:80']
    '_xmpp._tcp.example.test.' | 'SRV' || ['_xmpp._tcp.example.test. 3600 SRV 5 0 5222 nohost.example.test.'] | []
    // a target covered by a wildcard gets the synthesized address; a target that is a CNAME gets none
    'wmx.example.test.'        | 'MX'  || ['wmx.example.test. 3600 MX 10 mx.users.example.test.'] | ['mx.users.example.test. 3600 A 192.0.2.100']
    'cmx.example.test.'        | 'MX'  || ['cmx.example.test. 3600 MX 10 ftp.example.test.'] | []
  }

  def "#name ANY over TCP: every RRset at the name, a CNAME unfollowed, NODATA at an empty name"() {
    when: 'over UDP ANY gets one RRset (MinimalAnySpec)'
    Message m = server.query(name, Type.ANY, [edns: 1232, tcp: true])

    then:
    verify(m, rcode, true, answer, authority, [])

    where:
    name                      || rcode          | answer | authority
    'www.example.test.'       || Rcode.NOERROR  | [WWW, 'www.example.test. 3600 AAAA 2001:db8:0:0:0:0:0:80'] | []
    'foo.users.example.test.' || Rcode.NOERROR  | ['foo.users.example.test. 3600 A 192.0.2.100', 'foo.users.example.test. 3600 TXT "wild"'] | []
    'ftp.example.test.'       || Rcode.NOERROR  | ['ftp.example.test. 3600 CNAME www.example.test.'] | []
    'b.deep.example.test.'    || Rcode.NOERROR  | [] | [NEG_EXAMPLE]
    'nothere.example.test.'   || Rcode.NXDOMAIN | [] | [NEG_EXAMPLE]
  }

  def "ANY over TCP at the apex gives all its RRsets with the addresses of its servers and mail hosts"() {
    when:
    Message m = server.query('example.test.', Type.ANY, [edns: 1232, tcp: true])

    then:
    records(m, Section.ANSWER)*.split(' ')*.getAt(2).toSet() == ['SOA', 'NS', 'MX', 'A', 'TXT'] as Set
    records(m, Section.ANSWER).size() == 7
    records(m, Section.ADDITIONAL).size() == 7
  }

  def "#name: matching ignores case, the question keeps the asker's case, and synthesis owns the asked name"() {
    when:
    Message m = query(name, 'A')

    then:
    m.question.name.toString() == name
    verify(m, Rcode.NOERROR, true, answer, [], [])

    where:
    name                      || answer
    'WwW.ExAmPlE.TeSt.'       || [WWW]
    'mixed.example.test.'     || ['mixed.example.test. 3600 A 192.0.2.99']
    'FOO.Users.EXAMPLE.test.' || ['foo.users.example.test. 3600 A 192.0.2.100']
    'Www.CHILD.example.TEST.' || ['www.child.example.test. 7200 A 192.0.2.72']
  }

  def "a synthesized record is owned by the query name as asked, letter for letter"() {
    when:
    Message m = query('FOO.Users.EXAMPLE.test.', 'A')

    then:
    m.getSection(Section.ANSWER)*.name*.toString() == ['FOO.Users.EXAMPLE.test.']
  }

  def "#name: a name in none of our zones is #outcome"() {
    given:
    Resolver forwarder = new Resolver() {
      String name() { 'forwarder' }
      Outcome resolve(Query q) {
        new Outcome.Answer(Rcode.NOERROR, false, [new ARecord(q.name(), DClass.IN, 60, InetAddress.getByName('203.0.113.1'))], [], [])
      }
    }
    TestServer s = TestServer.withZones(ZONES, withForwarder ? [forwarder: forwarder] : [:])

    when:
    Message m = s.query(name, Type.A, [edns: 1232])

    then:
    m.rcode == rcode
    !m.header.getFlag(Flags.AA)
    records(m, Section.ANSWER) == answer

    cleanup:
    s?.close()

    where:
    name               | withForwarder || rcode         | answer                                | outcome
    'nowhere.invalid.' | true          || Rcode.NOERROR | ['nowhere.invalid. 60 A 203.0.113.1'] | 'passed down the chain'
    'test.'            | true          || Rcode.NOERROR | ['test. 60 A 203.0.113.1']            | 'passed down the chain even above our zones'
    'nowhere.invalid.' | false         || Rcode.REFUSED | []                                    | 'refused when no stage answers'
  }

  Message query(String name, String type) {
    server.query(name, Type.value(type), [edns: 1232])
  }

  /** Rcode, AA, no TC, and each section as a set of records with TTLs. */
  static boolean verify(Message m, int rcode, boolean aa, List answer, List authority, List additional) {
    assert Rcode.string(m.rcode) == Rcode.string(rcode)
    assert m.header.getFlag(Flags.AA) == aa
    assert !m.header.getFlag(Flags.TC)
    assert records(m, Section.ANSWER) as Set == answer as Set
    assert records(m, Section.AUTHORITY) as Set == authority as Set
    assert records(m, Section.ADDITIONAL) as Set == additional as Set
    assert records(m, Section.ANSWER).size() == answer.size()
    true
  }

  /** A section as "owner ttl TYPE rdata", owner in lower case; OPT left out. */
  static List<String> records(Message m, int section) {
    m.getSection(section).findAll { it.type != Type.OPT }.collect { Record r ->
      String rdata = r instanceof TXTRecord ? r.strings.collect { '"' + it + '"' }.join(' ') : r.rdataToString()
      "${r.name.toString().toLowerCase(Locale.ROOT)} ${r.TTL} ${Type.string(r.type)} ${rdata}".toString()
    }
  }
}
