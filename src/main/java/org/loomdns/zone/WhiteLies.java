package org.loomdns.zone;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Function;
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
 * section 7.2 asks for, signed by the zone's {@link OnlineSigner}. What exists is told by a
 * function, so a zone's nodes and the names Groovy rules answer are proved the same way.
 */
public final class WhiteLies {

  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);
  private static final NSEC3PARAMRecord PARAMS = new NSEC3PARAMRecord(Name.root, DClass.IN, 0,
      NSEC3Record.SHA1_DIGEST_ID, 0, OnlineSigner.NSEC3_ITERATIONS, null);
  private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(160);
  private static final Name WILD = Name.fromConstantString("*");

  private final Name origin;
  private final long ttl;
  private final OnlineSigner signer;
  private final Function<Name, int[]> types;

  /**
   * Proofs for the zone {@code origin}, with {@code ttl} (the negative TTL), signed by
   * {@code signer}; {@code types} gives the types at a name that exists, null for one that does not.
   */
  public WhiteLies(Name origin, long ttl, OnlineSigner signer, Function<Name, int[]> types) {
    this.origin = origin;
    this.ttl = ttl;
    this.signer = signer;
    this.types = types;
  }

  /** NXDOMAIN: the closest-encloser proof of {@code qname} and the wildcard at the encloser covered. */
  public void nxdomain(List<Record> out, Name qname, Name closest) {
    Name encloser = closest == null ? origin : closest;
    matching(out, encloser);
    covering(out, nextCloser(qname, encloser));
    Name wild = wildcard(encloser);
    if (wild != null) {
      covering(out, wild);
    }
  }

  /** NODATA at a name that exists (RFC 5155 section 7.2.3; at a cut, section 7.2.4's no-DS proof). */
  public void nodata(List<Record> out, Name qname) {
    matching(out, qname);
  }

  /** NODATA through a wildcard (section 7.2.5). */
  public void wildcardNodata(List<Record> out, Name qname, Name closest) {
    matching(out, closest);
    covering(out, nextCloser(qname, closest));
    matching(out, wildcard(closest));
  }

  /** An answer from a wildcard (section 7.2.6): the next closer name does not exist. */
  public void wildcardAnswer(List<Record> out, Name qname, Name closest) {
    covering(out, nextCloser(qname, closest));
  }

  private void matching(List<Record> out, Name name) {
    int[] at = name == null ? null : types.apply(name);
    byte[] hash = hash(name);
    if (at == null || hash == null) {
      return;
    }
    add(out, hash, plus(hash, 1), at);
  }

  private void covering(List<Record> out, Name name) {
    byte[] hash = hash(name);
    if (hash != null) {
      add(out, plus(hash, -1), plus(hash, 1), new int[0]);
    }
  }

  private void add(List<Record> out, byte[] owner, byte[] next, int[] bitmap) {
    Name name = hashedName(owner, origin);
    if (name == null) {
      return; // an origin too long to hold a hash label: no proof, as without a chain
    }
    for (Record r : out) {
      if (r instanceof NSEC3Record && r.getName().equals(name)) {
        return;
      }
    }
    NSEC3Record nsec3 = new NSEC3Record(name, DClass.IN, ttl, NSEC3Record.SHA1_DIGEST_ID,
        0, OnlineSigner.NSEC3_ITERATIONS, null, next, bitmap);
    out.add(nsec3);
    out.addAll(signer.sign(new RRset(nsec3)));
  }

  /** The NSEC3 hash of {@code name} with the parameters of white lies, or null. */
  static byte[] hash(Name name) {
    try {
      return name == null ? null : PARAMS.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      return null; // a JDK without SHA-1: no proof
    }
  }

  /** The owner name of the NSEC3 of {@code hash} in {@code origin}, or null when it would be too long. */
  static Name hashedName(byte[] hash, Name origin) {
    try {
      return Name.concatenate(Name.fromString(BASE32HEX.toString(hash)), origin);
    } catch (TextParseException | NameTooLongException e) {
      return null;
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
