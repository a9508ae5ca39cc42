package org.loomdns.authority;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.loomdns.zone.Node;
import org.loomdns.zone.OnlineSigner;
import org.loomdns.zone.RecordSet;
import org.loomdns.zone.Zone;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.utils.base32;

/**
 * The denial proofs of a zone signed online, made at query time as NSEC3 "white lies" (RFC 7129
 * section 5, as Knot and PowerDNS make them): an NSEC3 matching an existing name, whose next hash
 * is its own plus one, states that name's types; an NSEC3 from a hash minus one to the same hash
 * plus one covers a name that does not exist and names no other. The proofs are the ones RFC 5155
 * section 7.2 asks for, built from the zone's nodes, signed by the zone's {@link OnlineSigner}.
 */
final class WhiteLies {

  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);
  private static final NSEC3PARAMRecord PARAMS = new NSEC3PARAMRecord(Name.root, DClass.IN, 0,
      NSEC3Record.SHA1_DIGEST_ID, 0, OnlineSigner.NSEC3_ITERATIONS, null);
  private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(160);
  private static final Name WILD = Name.fromConstantString("*");

  private WhiteLies() {}

  /** NXDOMAIN: the closest-encloser proof of {@code qname} and the wildcard at the encloser covered. */
  static void nxdomain(List<Record> out, Zone zone, Name qname, Name closest) {
    Name encloser = closest == null ? zone.origin() : closest;
    matching(out, zone, encloser);
    covering(out, zone, nextCloser(qname, encloser));
    Name wild = wildcard(encloser);
    if (wild != null) {
      covering(out, zone, wild);
    }
  }

  /** NODATA at a name that exists (RFC 5155 section 7.2.3; at a cut, section 7.2.4's no-DS proof). */
  static void nodata(List<Record> out, Zone zone, Name qname) {
    matching(out, zone, qname);
  }

  /** NODATA through a wildcard (section 7.2.5). */
  static void wildcardNodata(List<Record> out, Zone zone, Name qname, Name closest) {
    matching(out, zone, closest);
    covering(out, zone, nextCloser(qname, closest));
    matching(out, zone, wildcard(closest));
  }

  /** An answer from a wildcard (section 7.2.6): the next closer name does not exist. */
  static void wildcardAnswer(List<Record> out, Zone zone, Name qname, Name closest) {
    covering(out, zone, nextCloser(qname, closest));
  }

  private static void matching(List<Record> out, Zone zone, Name name) {
    Node node = name == null ? null : zone.node(name);
    byte[] hash = hash(name);
    if (node == null || hash == null) {
      return;
    }
    int[] types = node.sets().stream().mapToInt(RecordSet::type).toArray();
    add(out, zone, hash, plus(hash, 1), types);
  }

  private static void covering(List<Record> out, Zone zone, Name name) {
    byte[] hash = hash(name);
    if (hash != null) {
      add(out, zone, plus(hash, -1), plus(hash, 1), new int[0]);
    }
  }

  private static void add(List<Record> out, Zone zone, byte[] owner, byte[] next, int[] types) {
    Name name;
    try {
      name = Name.concatenate(Name.fromString(BASE32HEX.toString(owner)), zone.origin());
    } catch (TextParseException | NameTooLongException e) {
      return; // an origin too long to hold a hash label: no proof, as without a chain
    }
    for (Record r : out) {
      if (r instanceof NSEC3Record && r.getName().equals(name)) {
        return;
      }
    }
    NSEC3Record nsec3 = new NSEC3Record(name, DClass.IN, zone.negativeSoa().getTTL(), NSEC3Record.SHA1_DIGEST_ID,
        0, OnlineSigner.NSEC3_ITERATIONS, null, next, types);
    out.add(nsec3);
    out.addAll(zone.signer().sign(new RRset(nsec3)));
  }

  private static byte[] hash(Name name) {
    try {
      return name == null ? null : PARAMS.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      return null; // a JDK without SHA-1: no proof
    }
  }

  /** {@code hash} plus {@code delta}, modulo 2^160, as 20 bytes. */
  private static byte[] plus(byte[] hash, int delta) {
    byte[] raw = new BigInteger(1, hash).add(BigInteger.valueOf(delta)).mod(HASH_SPACE).toByteArray();
    byte[] out = new byte[hash.length];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    return out;
  }

  /** The name one label below {@code encloser} on the way to {@code qname}. */
  private static Name nextCloser(Name qname, Name encloser) {
    return new Name(qname, qname.labels() - encloser.labels() - 1);
  }

  private static Name wildcard(Name closest) {
    try {
      return Name.concatenate(WILD, closest);
    } catch (NameTooLongException e) {
      return null;
    }
  }
}
