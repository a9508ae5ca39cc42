package org.loomdns.signing

import java.nio.file.Files
import java.nio.file.Path
import org.loomdns.authority.DnssecValidationSpec
import org.loomdns.support.LoomProcess
import org.loomdns.support.Scratch
import org.loomdns.support.SignedZones
import org.loomdns.support.Unbound
import java.time.Instant
import org.xbill.DNS.DClass
import org.xbill.DNS.DNSKEYRecord
import org.xbill.DNS.DNSSEC
import org.xbill.DNS.ExtendedFlags
import org.xbill.DNS.Flags
import org.xbill.DNS.NSEC3Record
import org.xbill.DNS.RRSIGRecord
import org.xbill.DNS.RRset
import org.xbill.DNS.Record
import org.xbill.DNS.Section
import org.xbill.DNS.SimpleResolver
import org.xbill.DNS.utils.base32
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * loomdns signing online (--dnssec-keys), judged by real validators and BIND's tools. The parent
 * signed.test is an unsigned file whose keys loomdns makes at start; its child secure.signed.test
 * has keys made beforehand by dnssec-keygen, whose DS the parent's file carries; the child
 * insecure.signed.test gets keys too but no DS, so it is an insecure delegation. The rule zone
 * dyn.test is no zone file at all: a Groovy rule answers in it, signed with dnssec-keygen's keys.
 * delv (with the parent's KSK, made by loomdns, as trust anchor) and Unbound validating in front
 * of loomdns judge each answer; denials are NSEC3 white lies made at query time.
 */
class OnlineSigningSpec extends Specification {

  static final String VALID = DnssecValidationSpec.VALID
  static final String NEGATIVE = DnssecValidationSpec.NEGATIVE
  static final String INSECURE = DnssecValidationSpec.INSECURE
  static final String SECRET = Base64.encoder.encodeToString(('online-signing-test-secret!' * 2).bytes)

  /**
   * The rules of dyn.test: an address, NODATA for its other types, NXDOMAIN under gone.dyn.test,
   * a CNAME to a name a rule answers and one to a name under gone.dyn.test (NXDOMAIN, RFC 6604,
   * the CNAME validated and the name's absence proven), and a referral to sub.dyn.test, a child
   * with no DS.
   */
  static final String RULES = """\
rule(name: 'www.dyn.test', type: A) { q, m -> answer A(q.name, '192.0.2.99') }
rule(name: 'www.dyn.test') { q, m -> nodata() }
rule(suffix: 'gone.dyn.test') { q, m -> nxdomain() }
rule(name: 'alias.dyn.test') { q, m -> answer CNAME(q.name, 'www.dyn.test') }
rule(name: 'dangling.dyn.test') { q, m -> answer CNAME(q.name, 'nowhere.gone.dyn.test') }
rule(suffix: 'sub.dyn.test') { q, m ->
  answer([], authority: [NS('sub.dyn.test', 'ns.sub.dyn.test')], additional: [A('ns.sub.dyn.test', '192.0.2.53')])
}
"""

  /**
   * The pre-signed zones' questions and verdicts, opt-out aside, and the rules' answers: data,
   * their NODATA and NXDOMAIN, and names and types no rule answers, the apex's SOA among them.
   */
  static final List<List> QUESTIONS = DnssecValidationSpec.QUESTIONS.collect { it.take(4) } + [
      ['www.dyn.test', 'A', Rcode.NOERROR, VALID],
      ['www.dyn.test', 'AAAA', Rcode.NOERROR, NEGATIVE],
      ['gone.dyn.test', 'A', Rcode.NXDOMAIN, NEGATIVE],
      ['a.b.gone.dyn.test', 'TXT', Rcode.NXDOMAIN, NEGATIVE],
      ['unruled.dyn.test', 'A', Rcode.NOERROR, NEGATIVE],
      ['dyn.test', 'MX', Rcode.NOERROR, NEGATIVE],
      ['dyn.test', 'SOA', Rcode.NOERROR, VALID],
      ['sub.dyn.test', 'DS', Rcode.NOERROR, NEGATIVE],
      ['alias.dyn.test', 'A', Rcode.NOERROR, VALID],
      ['dangling.dyn.test', 'A', Rcode.NXDOMAIN, VALID]]

  @Shared Path dir
  @Shared Path keys
  @Shared LoomProcess server
  @Shared int port
  @Shared Path anchor
  @Shared Unbound unbound

  def setupSpec() {
    dir = Scratch.dir('online-signing')
    keys = Files.createDirectory(dir.resolve('keys'))
    String childKsk = keygen('secure.signed.test', true)
    keygen('secure.signed.test', false)
    String dynKsk = keygen('dyn.test', true)
    keygen('dyn.test', false)
    String ds = SignedZones.run(keys, ['dnssec-dsfromkey', '-2', keys.resolve(childKsk + '.key').toString()])
    Files.writeString(dir.resolve('signed.test.zone'), SignedZones.PARENT + ds)
    Files.writeString(dir.resolve('secure.signed.test.zone'), SignedZones.SECURE)
    Files.writeString(dir.resolve('insecure.signed.test.zone'), SignedZones.INSECURE)
    Files.writeString(dir.resolve('rules.groovy'), RULES)
    port = LoomProcess.freePort()
    server = LoomProcess.start(['--port', port, '-i', '127.0.0.1', '--dnssec-keys', keys,
        '--bindzone', dir.resolve('signed.test.zone'), '--bindzone', dir.resolve('secure.signed.test.zone'),
        '--bindzone', dir.resolve('insecure.signed.test.zone'), '--script', dir.resolve('rules.groovy'),
        '--allow-transfer', '127.0.0.1', '--tsig-key', "hmac-sha256:ddns:${SECRET}", '--allow-update', 'ddns']
        .collect { it.toString() })
    assert server.awaitOutput('serving with stages', 60), server.output
    String parentKsk = madeKsk(keys, 'signed.test')
    anchor = dir.resolve('anchor.conf')
    Files.writeString(anchor, "trust-anchors {\n${trustAnchor(keys, parentKsk, 'static-key')}${trustAnchor(keys, dynKsk + '.key', 'static-key')}};\n")
    Path anchorKeys = dir.resolve('anchor.key')
    Files.writeString(anchorKeys, dnskeyLine(keys, parentKsk) + dnskeyLine(keys, dynKsk + '.key'))
    unbound = Unbound.validating(anchorKeys, port, ['signed.test.', 'secure.signed.test.', 'insecure.signed.test.', 'dyn.test.'])
  }

  def cleanupSpec() {
    unbound?.close()
    server?.close()
  }

  def "delv validates the online-signed answer to #name #type: #verdict"() {
    expect:
    delv(name, type) == verdict

    where:
    [name, type, _, verdict] << QUESTIONS
  }

  def "Unbound validating in front of loomdns sets AD on #name #type unless it is insecure"() {
    when:
    Message reply = unbound.query(Name.fromString(name + '.'), Type.value(type))

    then:
    reply.rcode == rcode
    reply.header.getFlag(Flags.AD) == (verdict != INSECURE)

    where:
    [name, type, rcode, verdict] << QUESTIONS
  }

  def "a rule's referral goes out without AA, its NS set and glue unsigned, with the signed proof that the cut has no DS"() {
    given:
    DNSKEYRecord zsk = query('dyn.test', Type.DNSKEY).getSection(Section.ANSWER)
        .find { it instanceof DNSKEYRecord && it.flags == DNSKEYRecord.Flags.ZONE_KEY } as DNSKEYRecord

    when:
    Message reply = query('www.sub.dyn.test', Type.A)
    List<Record> authority = reply.getSection(Section.AUTHORITY)
    def nsec3 = authority.find { it instanceof NSEC3Record } as NSEC3Record
    def rrsig = authority.find { it instanceof RRSIGRecord && it.typeCovered == Type.NSEC3 } as RRSIGRecord

    then:
    reply.rcode == Rcode.NOERROR
    !reply.header.getFlag(Flags.AA)
    reply.getSection(Section.ANSWER).isEmpty()
    authority.findAll { it.type == Type.NS }*.name*.toString() == ['sub.dyn.test.']
    authority.findAll { it instanceof RRSIGRecord }*.typeCovered == [Type.NSEC3]
    reply.getSection(Section.ADDITIONAL).findAll { it.type != Type.OPT }*.type == [Type.A]
    nsec3.hasType(Type.NS) && !nsec3.hasType(Type.DS) && !nsec3.hasType(Type.SOA)
    nsec3.hashName(Name.fromString('sub.dyn.test.')) == base32Hash(nsec3.name)

    when: 'the proof is checked against the zone signing key; a bad signature throws'
    DNSSEC.verify(new RRset(nsec3), rrsig, zsk, Instant.now())

    then:
    noExceptionThrown()
  }

  def "the zone made by loomdns signs with its keys, and dnssec-signzone -K takes those keys"() {
    given: 'the unsigned parent and the keys loomdns made for it'
    Path copy = dir.resolve('resigned.zone')
    Files.copy(dir.resolve('signed.test.zone'), copy)

    when:
    SignedZones.run(dir, ['dnssec-signzone', '-S', '-K', keys.toString(), '-o', 'signed.test', '-f', 'resigned.signed',
        copy.toString()])
    String verified = SignedZones.run(dir, ['dnssec-verify', '-o', 'signed.test', 'resigned.signed'])

    then:
    verified.contains('KSKs: 1 active')
    Files.readString(dir.resolve('resigned.signed')).contains('RRSIG')
  }

  def "dnssec-verify accepts an AXFR of the online-signed zone, whose transfer carries the whole NSEC3 chain"() {
    when:
    String axfr = SignedZones.run(dir, ['dig', '@127.0.0.1', '-p', port as String, 'signed.test', 'AXFR', '+onesoa'])
    Files.writeString(dir.resolve('axfr.zone'), axfr)
    String verified = SignedZones.run(dir, ['dnssec-verify', '-o', 'signed.test', 'axfr.zone'], false)

    then:
    axfr.contains('NSEC3PARAM')
    verified.contains('Zone fully signed')
  }

  def "the DS for the parent is written beside the keys loomdns made, and is the one delv trusts"() {
    expect:
    Files.readString(keys.resolve('dsset-signed.test.')) =~ /signed\.test\.\s+\d+\s+IN\s+DS\s+\d+ 13 2 [0-9A-F]{64}/
    server.output.contains('zone signed.test.: DS for the parent:')
  }

  def "a name added by nsupdate with TSIG validates, and so does the proof that a deleted one is gone"() {
    when:
    String script = "nsupdate -y hmac-sha256:ddns:${SECRET} <<'END'\nserver 127.0.0.1 ${port}\nzone signed.test.\n" +
        "update add fresh.signed.test. 300 A 192.0.2.77\nupdate delete mail.signed.test. A\nsend\nEND\n"
    SignedZones.run(dir, ['bash', '-c', script])

    then:
    delv('fresh.signed.test', 'A') == VALID
    delv('mail.signed.test', 'A') == NEGATIVE
    delv('www.signed.test', 'A') == VALID
    delv('signed.test', 'SOA') == VALID
  }

  private Message query(String name, int type) {
    def resolver = new SimpleResolver(InetAddress.getLoopbackAddress())
    resolver.port = port
    resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of())
    Message ask = Message.newQuery(Record.newRecord(Name.fromString(name + '.'), type, DClass.IN))
    ask.header.unsetFlag(Flags.RD)
    resolver.send(ask)
  }

  /** The hash an NSEC3 record's owner name carries in its first label, as bytes. */
  private static byte[] base32Hash(Name owner) {
    new base32(base32.Alphabet.BASE32HEX, false, false).fromString(owner.getLabelString(0))
  }

  private String delv(String name, String type) {
    String out = SignedZones.run(dir, ['delv', '-a', anchor.toString(), '+root=' + (name.endsWith('dyn.test') ? 'dyn.test' : 'signed.test'),
        '@127.0.0.1', '-p', port as String, name, type], false)
    out.readLines().find { it.startsWith('; ') }?.substring(2) ?: out
  }

  private String keygen(String zone, boolean ksk) {
    SignedZones.run(keys, ['dnssec-keygen', '-q', '-K', keys.toString(), '-a', 'ECDSAP256SHA256'] + (ksk ? ['-f', 'KSK'] : []) + [zone]).trim()
  }

  private static List<String> dnskey(Path keys, String file) {
    Files.readString(keys.resolve(file)).readLines().find { !it.startsWith(';') && it.contains('DNSKEY') }.tokenize()
  }

  /** The trust-anchors clause for delv of the key in {@code file}. */
  static String trustAnchor(Path keys, String file, String kind) {
    List<String> f = dnskey(keys, file)
    int at = f.indexOf('DNSKEY')
    "  ${f[0]} ${kind} ${f[at + 1..at + 3].join(' ')} \"${f[at + 4..-1].join('')}\";\n"
  }

  /** The KSK loomdns made for {@code zone} in {@code keys}: its file's name. */
  static String madeKsk(Path keys, String zone) {
    Files.list(keys).map { it.fileName.toString() }
        .filter { it.startsWith("K${zone}.+") && it.endsWith('.key') }
        .find { Files.readString(keys.resolve(it)).contains('DNSKEY\t257') }
  }

  private static String dnskeyLine(Path keys, String file) {
    List<String> f = dnskey(keys, file)
    "${f[0]} 3600 IN ${f[f.indexOf('DNSKEY')..-1].join(' ')}\n"
  }
}
