package org.loomdns.zone;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * A signed zone's denial chains, for the proofs of RFC 4035 section 3.1.3 and RFC 5155 section
 * 7.2: the owners of its NSEC records in canonical order (RFC 4034 section 6.1, which is how
 * dnsjava's {@link Name#compareTo} orders) and the owners of its NSEC3 records with the raw hashes
 * their first labels spell (base32hex, RFC 4648), sorted by hash: a query's name is hashed once per
 * candidate and its bytes searched, with no base32 text or {@link Name} made per lookup. Built once
 * per zone version, on the first signed negative answer; immutable.
 */
public final class DenialIndex {

  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  private final Name[] nsec;
  /** The NSEC3 owners, in the order of {@link #hashes}. */
  private final Name[] nsec3;
  /** The hash each NSEC3 owner's first label spells, in unsigned byte order. */
  private final byte[][] hashes;
  /** The NSEC3 chain's hash algorithm, iterations and salt; null when the zone has no NSEC3. */
  private final NSEC3PARAMRecord params;

  private DenialIndex(Name[] nsec, Name[] nsec3, byte[][] hashes, NSEC3PARAMRecord params) {
    this.nsec = nsec;
    this.nsec3 = nsec3;
    this.hashes = hashes;
    this.params = params;
  }

  static DenialIndex of(Name origin, Map<Name, Node> nodes) {
    NSEC3PARAMRecord params = apexParams(origin, nodes.get(origin));
    Name[] nsec = nodes.entrySet().stream().filter(e -> e.getValue().has(Type.NSEC))
        .map(Map.Entry::getKey).sorted().toArray(Name[]::new);
    for (var e : nodes.entrySet()) {
      RecordSet set = e.getValue().get(Type.NSEC3);
      if (set != null && params == null) {
        NSEC3Record r = (NSEC3Record) set.first();
        params = new NSEC3PARAMRecord(origin, r.getDClass(), 0, r.getHashAlgorithm(), 0, r.getIterations(),
            r.getSalt());
      }
    }
    List<Link> links = new ArrayList<>();
    if (params != null) {
      for (var e : nodes.entrySet()) {
        RecordSet set = e.getValue().get(Type.NSEC3);
        Name owner = e.getKey();
        // An owner that is not one base32hex label below the origin is no hash: no proof names it.
        byte[] hash = set != null && sameChain((NSEC3Record) set.first(), params)
            && owner.labels() == origin.labels() + 1 ? BASE32HEX.fromString(owner.getLabelString(0)) : null;
        if (hash != null) {
          links.add(new Link(hash, owner));
        }
      }
    }
    links.sort((x, y) -> Arrays.compareUnsigned(x.hash(), y.hash()));
    return new DenialIndex(nsec, links.stream().map(Link::owner).toArray(Name[]::new),
        links.stream().map(Link::hash).toArray(byte[][]::new), links.isEmpty() ? null : params);
  }

  /** An NSEC3 owner and the hash its first label spells. */
  private record Link(byte[] hash, Name owner) {}

  private static NSEC3PARAMRecord apexParams(Name origin, Node apex) {
    RecordSet set = apex == null ? null : apex.get(Type.NSEC3PARAM);
    if (set == null) {
      return null;
    }
    for (Record r : set.records()) {
      if (r instanceof NSEC3PARAMRecord p && p.getFlags() == 0) {
        return p;
      }
    }
    return null;
  }

  private static boolean sameChain(NSEC3Record r, NSEC3PARAMRecord p) {
    return r.getHashAlgorithm() == p.getHashAlgorithm() && r.getIterations() == p.getIterations()
        && Arrays.equals(r.getSalt(), p.getSalt());
  }

  /** Whether denial is by NSEC3 (RFC 5155); a zone with both chains is answered from NSEC3. */
  public boolean nsec3() {
    return params != null;
  }

  /** Whether the zone has an NSEC chain. */
  public boolean nsec() {
    return nsec.length > 0;
  }

  /**
   * The owner of the NSEC that matches or covers {@code name}: the greatest owner at or before it
   * in canonical order, or the last one (whose next name wraps to the apex) when none is before it.
   */
  public Name nsecFor(Name name) {
    return atOrBefore(nsec, name);
  }

  /** The NSEC3 owner that {@code name} hashes to, or null when its hash has none. */
  public Name nsec3Matching(Name name) {
    byte[] hash = hash(name);
    if (hash == null) {
      return null;
    }
    int at = Arrays.binarySearch(hashes, hash, Arrays::compareUnsigned);
    return at >= 0 ? nsec3[at] : null;
  }

  /** The owner of the NSEC3 whose span covers {@code name}'s hash: the greatest hash before it, wrapping. */
  public Name nsec3Covering(Name name) {
    byte[] hash = hash(name);
    if (hash == null) {
      return null;
    }
    int at = Arrays.binarySearch(hashes, hash, Arrays::compareUnsigned);
    int before = at >= 0 ? at - 1 : -at - 2;
    return nsec3[before >= 0 ? before : nsec3.length - 1];
  }

  private static Name atOrBefore(Name[] sorted, Name name) {
    if (sorted.length == 0) {
      return null;
    }
    int at = Arrays.binarySearch(sorted, name);
    int found = at >= 0 ? at : -at - 2;
    return sorted[found >= 0 ? found : sorted.length - 1];
  }

  /** {@code name}'s hash in this zone's chain, or null with no chain. */
  private byte[] hash(Name name) {
    if (params == null) {
      return null;
    }
    try {
      return params.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      return null; // an algorithm the JDK lacks: no proof, as without a chain
    }
  }
}
