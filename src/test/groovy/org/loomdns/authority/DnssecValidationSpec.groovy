package org.loomdns.authority

import org.loomdns.support.Knot
import org.loomdns.support.SignedZones
import org.loomdns.support.SignedZones.Variant
import org.loomdns.support.TestServer
import org.loomdns.support.Unbound
import org.loomdns.zone.bind.BindZoneLoader
import org.xbill.DNS.Flags
import org.xbill.DNS.Message
import org.xbill.DNS.Name
import org.xbill.DNS.Rcode
import org.xbill.DNS.Type
import spock.lang.Shared
import spock.lang.Specification

/**
 * Real validators judge what loomdns answers from zones signed in the test with dnssec-keygen and
 * dnssec-signzone (see {@link SignedZones}): delv, asking loomdns directly with the parent's KSK
 * as its trust anchor, and Unbound as a validating resolver with loomdns as the stub server of
 * the three zones, whose AD bit says it validated. loomdns serves the parent and both children,
 * so a name below a delegation is answered by the child and validated through the parent's DS
 * (or its proof that there is none). The parent is signed three ways: NSEC, NSEC3, and NSEC3 with
 * opt-out. Under opt-out a wildcard's answer is insecure for validators, since the NSEC3 that
 * proves no closer name exists may hide an unsigned delegation (RFC 5155 section 9.2), and
 * Unbound (not delv) holds every denial through an opt-out span insecure too. Knot serving the
 * same files gets the same verdicts from delv, which the spec checks as well.
 */
class DnssecValidationSpec extends Specification {

  static final String VALID = 'fully validated'
  static final String NEGATIVE = 'negative response, fully validated'
  static final String INSECURE = 'unsigned answer'
  static final List<String> ZONES = ['signed.test.', 'secure.signed.test.', 'insecure.signed.test.']

  /**
   * name, type, rcode, delv's verdict, and delv's verdict under opt-out where it differs; those
   * marked {@link #OPT_OUT_DENIAL} are insecure to Unbound under opt-out.
   */
  static final List<List> QUESTIONS = [
      ['www.signed.test', 'A', Rcode.NOERROR, VALID],
      ['signed.test', 'DNSKEY', Rcode.NOERROR, VALID],
      ['signed.test', 'MX', Rcode.NOERROR, VALID],
      ['www.signed.test', 'TXT', Rcode.NOERROR, NEGATIVE],
      ['nope.signed.test', 'A', Rcode.NXDOMAIN, NEGATIVE],
      ['deep.nope.signed.test', 'A', Rcode.NXDOMAIN, NEGATIVE],
      ['c.ent.signed.test', 'A', Rcode.NOERROR, NEGATIVE],
      ['zz.c.ent.signed.test', 'A', Rcode.NXDOMAIN, NEGATIVE],
      ['a.wild.signed.test', 'TXT', Rcode.NOERROR, VALID, INSECURE],
      ['b.a.wild.signed.test', 'TXT', Rcode.NOERROR, VALID, INSECURE],
      ['a.wild.signed.test', 'A', Rcode.NOERROR, NEGATIVE],
      ['x.wc.signed.test', 'A', Rcode.NOERROR, VALID, INSECURE],
      ['alias.signed.test', 'A', Rcode.NOERROR, VALID],
      ['x.dn.signed.test', 'A', Rcode.NOERROR, VALID],
      ['q.dn.signed.test', 'A', Rcode.NXDOMAIN, VALID],
      ['secure.signed.test', 'DS', Rcode.NOERROR, VALID],
      ['insecure.signed.test', 'DS', Rcode.NOERROR, NEGATIVE],
      ['www.secure.signed.test', 'A', Rcode.NOERROR, VALID],
      ['nope.secure.signed.test', 'A', Rcode.NXDOMAIN, NEGATIVE],
      ['www.insecure.signed.test', 'A', Rcode.NOERROR, INSECURE],
  ]

  /** Denials whose closest-encloser proof ends in an opt-out span, or that a delegation is unsigned. */
  static final Set<String> OPT_OUT_DENIAL = ['nope.signed.test', 'deep.nope.signed.test', 'zz.c.ent.signed.test',
      'a.wild.signed.test A', 'q.dn.signed.test', 'insecure.signed.test'] as Set

  @Shared Map<Variant, SignedZones> signed = [:]
  @Shared Map<Variant, TestServer> servers = [:]
  @Shared Map<Variant, Unbound> unbounds = [:]
  @Shared Map<Variant, Knot> knots = [:]

  def setupSpec() {
    Variant.values().each { v ->
      SignedZones z = SignedZones.make(v)
      signed[v] = z
      servers[v] = TestServer.withLoadedZones([z.parent, z.secure, z.insecure].collect { BindZoneLoader.load(it) })
      unbounds[v] = Unbound.validating(z.anchorKey, servers[v].port, ZONES)
      knots[v] = Knot.start([(ZONES[0]): z.parent, (ZONES[1]): z.secure, (ZONES[2]): z.insecure])
    }
  }

  def cleanupSpec() {
    unbounds.values()*.close()
    knots.values()*.close()
    servers.values()*.close()
  }

  def "delv validates loomdns's answer to #name #type from the #variant zone: #verdict"() {
    expect:
    signed[variant].delv(servers[variant].port, name, type) == verdict
    signed[variant].delv(knots[variant].port, name, type) == verdict

    where:
    [variant, name, type, verdict] << rows()
  }

  def "Unbound in front of loomdns validates #name #type from the #variant zone: #verdict"() {
    when:
    Message reply = unbounds[variant].query(Name.fromString(name + '.'), Type.value(type))

    then:
    reply.rcode == rcode
    reply.header.getFlag(Flags.AD) == (verdict != INSECURE
        && !(variant == Variant.NSEC3_OPT_OUT && (name in OPT_OUT_DENIAL || "${name} ${type}".toString() in OPT_OUT_DENIAL)))

    where:
    [variant, name, type, verdict, rcode] << rows(true)
  }

  static List<List> rows(boolean withRcode = false) {
    [Variant.values(), QUESTIONS].combinations().collect { Variant v, List q ->
      String verdict = v == Variant.NSEC3_OPT_OUT && q.size() > 4 ? q[4] : q[3]
      withRcode ? [v, q[0], q[1], verdict, q[2]] : [v, q[0], q[1], verdict]
    }
  }
}
