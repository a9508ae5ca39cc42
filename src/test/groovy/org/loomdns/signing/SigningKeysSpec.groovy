package org.loomdns.signing

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import org.loomdns.support.Scratch
import org.loomdns.support.SignedZones
import org.loomdns.zone.RecordSet
import org.loomdns.zone.Zone
import org.loomdns.zone.ZoneEditor
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.ARecord
import org.xbill.DNS.DClass
import org.xbill.DNS.DNSSEC
import org.xbill.DNS.Name
import org.xbill.DNS.RRSIGRecord
import org.xbill.DNS.RRset
import org.xbill.DNS.Type
import spock.lang.Specification

/**
 * The keys of --dnssec-keys as BIND's tools write them, and the signatures of zone versions:
 * keys from dnssec-keygen of each algorithm sign what dnsjava verifies; an update re-signs what it
 * touched; a signature that expires within the refresh time is made again in a new version.
 */
class SigningKeysSpec extends Specification {

  static final Name ORIGIN = Name.fromString('signed.test.')

  def "a #algorithm key made by dnssec-keygen signs what dnsjava verifies"() {
    given:
    Path dir = Scratch.dir('keygen-' + algorithm.toLowerCase())
    String name = SignedZones.run(dir, ['dnssec-keygen', '-q', '-K', dir.toString(), '-a', algorithm] + extra + ['signed.test']).trim()

    when:
    SigningKey key = KeyFiles.read(dir.resolve(name + '.key'))
    RRset set = new RRset(new ARecord(Name.fromString('www.signed.test.'), DClass.IN, 300, InetAddress.getByName('192.0.2.1')))
    RRSIGRecord sig = DNSSEC.sign(set, key.dnskey(), key.privateKey(), Instant.now(), Instant.now() + Duration.ofDays(1))
    DNSSEC.verify(set, sig, key.dnskey())

    then:
    key.dnskey().algorithm == number
    noExceptionThrown()

    where:
    algorithm          | extra          | number
    'ECDSAP256SHA256'  | []             | 13
    'ECDSAP384SHA384'  | []             | 14
    'RSASHA256'        | ['-b', '2048'] | 8
    'ED25519'          | []             | 15
  }

  def "a private key file that is not BIND's is refused, naming the file"() {
    given:
    Path dir = Scratch.dir('badkey')
    String name = SignedZones.run(dir, ['dnssec-keygen', '-q', '-K', dir.toString(), '-a', 'ECDSAP256SHA256', 'signed.test']).trim()
    Files.writeString(dir.resolve(name + '.private'), 'not a key\n')

    when:
    Keyring.open(dir, [])

    then:
    IOException e = thrown()
    e.message.contains(name + '.private')
  }

  def "an update's version has the sets it touched signed again, and the others kept"() {
    given:
    def (ZoneSigner signer, Zone zone) = signed()
    RRSIGRecord mxSig = sigOver(zone, ORIGIN, Type.MX)

    when:
    ZoneEditor editor = zone.edit()
    editor.add(new ARecord(Name.fromString('www.signed.test.'), DClass.IN, 3600, InetAddress.getByName('192.0.2.99')))
    ZoneEditor.Edit edit = editor.commit(new org.xbill.DNS.SOARecord(ORIGIN, DClass.IN, 3600, zone.soa().host,
        zone.soa().admin, zone.serial() + 1, 7200, 3600, 1209600, 300))
    Zone next = signer.sign(zone, edit.zone(), edit.diff()).zone()
    RRset www = new RRset(next.node(Name.fromString('www.signed.test.')).get(Type.A).records())

    then: 'the new A set verifies with its new signature, the SOA is signed at its new serial, MX kept its own'
    www.size() == 2
    verifies(next, www, sigOver(next, Name.fromString('www.signed.test.'), Type.A))
    verifies(next, new RRset(next.soa()), sigOver(next, ORIGIN, Type.SOA))
    sigOver(next, ORIGIN, Type.MX).is(mxSig)
  }

  def "a signature expiring within the refresh time is made again in a new version with a higher serial"() {
    given: 'a version whose A set at www has a signature with three days left'
    def (ZoneSigner signer, Zone zone) = signed()
    Name www = Name.fromString('www.signed.test.')
    ZoneKeys keys = zone.signer() as ZoneKeys
    SigningKey zsk = keys.@zsks[0]
    RRset a = new RRset(zone.node(www).get(Type.A).records())
    RRSIGRecord old = sigOver(zone, www, Type.A)
    RRSIGRecord soon = DNSSEC.sign(a, zsk.dnskey(), zsk.privateKey(), Instant.now() - Duration.ofDays(11), Instant.now() + Duration.ofDays(3))
    ZoneEditor editor = zone.edit()
    editor.replaceSet(www, Type.RRSIG, zone.node(www).get(Type.RRSIG).records().collect { it.equals(old) ? soon : it })
    Zone aging = editor.commit().zone()

    when:
    ZoneEditor.Edit refreshed = signer.refresh(aging)

    then:
    refreshed.zone().serial() == zone.serial() + 1
    sigOver(refreshed.zone(), www, Type.A).expire.isAfter(Instant.now() + SignatureLifetime.DEFAULT.refresh())
    verifies(refreshed.zone(), a, sigOver(refreshed.zone(), www, Type.A))
    signer.refresh(refreshed.zone()) == null
  }

  private static List signed() {
    Path dir = Scratch.dir('zone-signer')
    Path file = dir.resolve('signed.test.zone')
    Files.writeString(file, SignedZones.PARENT)
    Zone unsigned = BindZoneLoader.load(file)
    Keyring ring = Keyring.open(Files.createDirectory(dir.resolve('keys')), [ORIGIN])
    ZoneSigner signer = new ZoneSigner(ring)
    [signer, signer.signAll(unsigned)]
  }

  private static RRSIGRecord sigOver(Zone zone, Name name, int type) {
    RecordSet sigs = zone.node(name).get(Type.RRSIG)
    sigs.records().find { ((RRSIGRecord) it).typeCovered == type } as RRSIGRecord
  }

  private static boolean verifies(Zone zone, RRset set, RRSIGRecord sig) {
    def key = zone.node(ORIGIN).get(Type.DNSKEY).records().find { it.footprint == sig.footprint }
    DNSSEC.verify(set, sig, key)
    true
  }
}
