package org.loomdns.signing

import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPairGenerator
import java.security.spec.ECGenParameterSpec
import java.time.Duration
import java.time.Instant
import org.loomdns.support.Scratch
import org.loomdns.zone.Zone
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.DClass
import org.xbill.DNS.DNSKEYRecord
import org.xbill.DNS.DNSSEC
import org.xbill.DNS.Name
import org.xbill.DNS.RRSIGRecord
import org.xbill.DNS.RRset
import org.xbill.DNS.Record
import org.xbill.DNS.Type
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/**
 * The RRSIGs made here, without dnsjava's DNSSEC.sign: through libcrypto where it is installed
 * (JDK 22 or newer) and through the JCA, each verifies through dnsjava's DNSSEC.verify, whose
 * canonical form lowercases names (RFC 4034 section 6.2) and sorts the records by their RDATA.
 */
class SignaturesSpec extends Specification {

  static final Name ORIGIN = Name.fromString('Example.TEST.')

  @Shared SigningKey p256 = key(DNSSEC.Algorithm.ECDSAP256SHA256, 'secp256r1')
  @Shared SigningKey p384 = key(DNSSEC.Algorithm.ECDSAP384SHA384, 'secp384r1')

  def "the RRSIG over #type at #owner verifies through dnsjava, made through libcrypto and through the JCA"() {
    given:
    RRset set = new RRset()
    rdata.each { set.addRR(Record.fromString(Name.fromString(owner), Type.value(type), DClass.IN, 3600, it, ORIGIN)) }
    Instant now = Instant.now()

    when:
    List<RRSIGRecord> sigs = [p256, p384].collectMany { k ->
      [new RrsetSigner(k, true), new RrsetSigner(k, false)].collect { it.sign(set, now - Duration.ofHours(1), now + Duration.ofDays(1)) }
    }

    then:
    sigs.each { sig ->
      DNSSEC.verify(set, sig, sig.algorithm == p256.dnskey().algorithm ? p256.dnskey() : p384.dnskey(), now)
      assert sig.labels == Name.fromString(owner).labels() - (owner.startsWith('*.') ? 2 : 1)
      assert sig.signer == ORIGIN
    }

    where:
    owner                          | type    | rdata
    'www.Example.TEST.'            | 'A'     | ['192.0.2.2', '192.0.2.1', '198.51.100.7']
    'V6.example.test.'             | 'AAAA'  | ['2001:db8::1', '2001:db8::ff']
    'Example.TEST.'                | 'SOA'   | ['NS1.Example.TEST. Host.Master.example.test. 1 7200 3600 1209600 300']
    'example.test.'                | 'NS'    | ['NS2.example.test.', 'ns1.EXAMPLE.test.']
    'MiXeD.example.test.'          | 'MX'    | ['20 mx2.example.test.', '10 Mail.Example.TEST.']
    'alias.example.test.'          | 'CNAME' | ['WWW.example.test.']
    'Dn.example.test.'             | 'DNAME' | ['Other.Example.test.']
    '_sip._TCP.example.test.'      | 'SRV'   | ['0 5 5060 SIP.example.test.', '1 5 5061 sip2.example.test.']
    '*.wild.example.test.'         | 'TXT'   | ['"wildcard"', '"Second" "string"']
    '*.Users.example.test.'        | 'A'     | ['192.0.2.100']
    'big.example.test.'            | 'TXT'   | ['"' + 'a' * 255 + '" "' + 'b' * 255 + '"']
    '1.2.0.192.example.test.'      | 'PTR'   | ['Host.example.test.']
    'sub.example.test.'            | 'DS'    | ['12345 13 2 ' + 'AB' * 32]
    'caa.example.test.'            | 'CAA'   | ['0 issue "ca.example.net"']
    'deep.a.b.c.d.example.test.'   | 'HINFO' | ['"CPU" "OS"']
  }

  def "every RRSIG of a zone signed whole, its NSEC3 chain's too, verifies through dnsjava with the zone's DNSKEY"() {
    given:
    Path dir = Scratch.dir('signatures')
    Path file = dir.resolve('example.test.zone')
    Files.writeString(file, ZONE)
    Zone unsigned = BindZoneLoader.load(file)
    ZoneSigner signer = new ZoneSigner(Keyring.open(Files.createDirectory(dir.resolve('keys')), [unsigned.origin()]))

    when:
    List<Record> records = signer.signAll(unsigned).transferRecords()
    List<RRSIGRecord> sigs = records.findAll { it instanceof RRSIGRecord } as List<RRSIGRecord>
    List<DNSKEYRecord> keys = records.findAll { it instanceof DNSKEYRecord } as List<DNSKEYRecord>

    then:
    // the 15 authoritative sets (not the NS and glue at the cuts), the DNSKEY set, the NSEC3PARAM
    sigs.count { it.typeCovered != Type.NSEC3 } == 17
    sigs.count { it.typeCovered == Type.NSEC3 } == 18
    sigs.every { sig ->
      RRset set = new RRset()
      records.findAll { it.name == sig.name && it.type == sig.typeCovered && !(it instanceof RRSIGRecord) }.each { set.addRR(it) }
      DNSSEC.verify(set, sig, keys.find { it.footprint == sig.footprint })
      true
    }
  }

  @Requires({ Runtime.version().feature() >= 22 && ['/usr/lib/x86_64-linux-gnu/libcrypto.so.3', '/usr/lib/libcrypto.so.3',
      '/usr/lib64/libcrypto.so.3', '/usr/lib/aarch64-linux-gnu/libcrypto.so.3'].any { new File(it).exists() } })
  def "where libcrypto is installed an ECDSA key signs through it, and an Ed25519 key through the JCA"() {
    expect:
    new RrsetSigner(p256).throughOpenSsl()
    new RrsetSigner(p384).throughOpenSsl()
    !new RrsetSigner(p256, false).throughOpenSsl()
    !new RrsetSigner(ed25519(), true).throughOpenSsl()
  }

  def "a DER ECDSA signature becomes r then s, each padded to the curve's size: #what"() {
    expect:
    EcdsaDer.raw(der(r, s, longForm), half) == cat(pad(r, half), pad(s, half))

    where:
    what                                       | r                                  | s                  | half | longForm
    'both with a sign byte'                    | BigInteger.TWO.pow(255) + 5        | BigInteger.TWO.pow(255) + 9 | 32 | false
    'r short, so padded'                       | BigInteger.valueOf(0x1234)         | BigInteger.TWO.pow(250) | 32 | false
    's of one byte'                            | BigInteger.TWO.pow(200)            | BigInteger.ONE     | 32   | false
    'P-384 sizes with a sign byte'             | BigInteger.TWO.pow(383) + 1        | BigInteger.TWO.pow(383) + 7 | 48 | false
    'a SEQUENCE length in the long form'       | BigInteger.TWO.pow(255) + 3        | BigInteger.TWO.pow(254) | 32 | true
  }

  def "what is not a DER ECDSA signature is refused: #what"() {
    when:
    EcdsaDer.raw(bytes as byte[], 32)

    then:
    thrown(IllegalStateException)

    where:
    what                   | bytes
    'no SEQUENCE'          | [0x31, 6, 2, 1, 1, 2, 1, 1]
    'an OCTET STRING in it'| [0x30, 6, 4, 1, 1, 2, 1, 1]
    'r longer than 32'     | [0x30, 39, 2, 34, 1] + [1] * 33 + [2, 1, 1]
  }

  static final String ZONE = '''$ORIGIN Example.TEST.
$TTL 3600
@ SOA NS1 Host.Master 1 7200 3600 1209600 300
@ NS NS1
@ NS ns2.Example.test.
@ MX 10 Mail
NS1 A 192.0.2.53
ns2 A 192.0.2.54
Mail A 192.0.2.25
WWW A 192.0.2.80
WWW A 192.0.2.81
WWW AAAA 2001:db8::80
*.Wild TXT "wildcard"
alias CNAME WWW
_sip._tcp SRV 0 5 5060 SIP
SIP A 192.0.2.60
dn DNAME Other.Example.TEST.
a.b.c.ENT A 192.0.2.10
Sub NS ns.Sub
ns.Sub A 192.0.2.200
Sub DS 12345 13 2 ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB
Insecure NS ns.other.test.
'''

  private static SigningKey key(int algorithm, String curve) {
    KeyPairGenerator g = KeyPairGenerator.getInstance('EC')
    g.initialize(new ECGenParameterSpec(curve))
    def pair = g.generateKeyPair()
    new SigningKey(new DNSKEYRecord(ORIGIN, DClass.IN, 3600, DNSKEYRecord.Flags.ZONE_KEY, DNSKEYRecord.Protocol.DNSSEC,
        algorithm, pair.public), pair.private)
  }

  private static SigningKey ed25519() {
    def pair = KeyPairGenerator.getInstance('Ed25519').generateKeyPair()
    new SigningKey(new DNSKEYRecord(ORIGIN, DClass.IN, 3600, DNSKEYRecord.Flags.ZONE_KEY, DNSKEYRecord.Protocol.DNSSEC,
        DNSSEC.Algorithm.ED25519, pair.public), pair.private)
  }

  private static byte[] der(BigInteger r, BigInteger s, boolean longForm) {
    byte[] body = cat(integer(r), integer(s))
    cat(longForm ? [0x30, 0x81, body.length] as byte[] : [0x30, body.length] as byte[], body)
  }

  private static byte[] integer(BigInteger i) {
    byte[] b = i.toByteArray()
    cat([0x02, b.length] as byte[], b)
  }

  private static byte[] pad(BigInteger i, int size) {
    byte[] b = i.toByteArray()
    b = b.length > size ? Arrays.copyOfRange(b, b.length - size, b.length) : b
    cat(new byte[size - b.length], b)
  }

  private static byte[] cat(byte[] a, byte[] b) {
    ((a as List) + (b as List)) as byte[]
  }
}
