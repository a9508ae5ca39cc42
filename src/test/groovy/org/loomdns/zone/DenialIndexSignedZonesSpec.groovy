package org.loomdns.zone

import org.loomdns.support.SignedZones
import org.loomdns.support.SignedZones.Variant
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.NSEC3Record
import org.xbill.DNS.Name
import org.xbill.DNS.Type
import org.xbill.DNS.utils.base32
import spock.lang.Shared
import spock.lang.Specification

/**
 * The NSEC3 owners the index finds by raw hash bytes are the ones dnsjava's hashing and the
 * chain's own next-hash fields name, on a zone signed by dnssec-signzone with wildcards, an empty
 * non-terminal and delegations, with and without opt-out.
 */
class DenialIndexSignedZonesSpec extends Specification {

  static final base32 B32 = new base32(base32.Alphabet.BASE32HEX, false, true)

  @Shared Map<Variant, Zone> zones = [:]

  def setupSpec() {
    [Variant.NSEC3, Variant.NSEC3_OPT_OUT].each { v -> zones[v] = BindZoneLoader.load(SignedZones.make(v).parent) }
  }

  def "in the #variant zone, #name matches the NSEC3 dnsjava's hash names and is covered by the one before its hash in the chain"() {
    given:
    Zone zone = zones[variant]
    Name qname = Name.fromString(name, Name.root)
    List<NSEC3Record> chain = nsec3s(zone)
    byte[] hash = chain[0].hashName(qname)
    Name expected = Name.concatenate(Name.fromString(B32.toString(hash)), zone.origin())

    expect:
    zone.denial().nsec3Matching(qname) == (chain.any { it.name == expected } ? expected : null)
    zone.denial().nsec3Covering(qname) == chain.find { covers(it, hash) }.name

    where:
    [variant, name] << [[Variant.NSEC3, Variant.NSEC3_OPT_OUT],
                        ['signed.test', 'www.signed.test', 'WWW.Signed.Test', 'nope.signed.test', 'deep.nope.signed.test',
                         'ent.signed.test', 'c.ent.signed.test', 'zz.c.ent.signed.test', '*.wild.signed.test',
                         'a.wild.signed.test', 'wild.signed.test', '*.wc.signed.test', '*.signed.test',
                         'secure.signed.test', 'insecure.signed.test', 'www.insecure.signed.test']].combinations()
  }

  private static List<NSEC3Record> nsec3s(Zone zone) {
    zone.transferRecords().findAll { it.type == Type.NSEC3 } as List<NSEC3Record>
  }

  /**
   * Whether {@code hash} is after r's own hash and no further than its next hash, wrapping at the
   * end: the NSEC3 a proof names for it when it has none of its own, the one before it when it has.
   */
  private static boolean covers(NSEC3Record r, byte[] hash) {
    byte[] own = B32.fromString(r.name.getLabelString(0))
    int fromOwn = Arrays.compareUnsigned(own, hash)
    int toNext = Arrays.compareUnsigned(hash, r.next)
    Arrays.compareUnsigned(own, r.next) < 0 ? fromOwn < 0 && toNext <= 0 : fromOwn < 0 || toNext <= 0
  }
}
